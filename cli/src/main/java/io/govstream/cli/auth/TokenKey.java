package io.govstream.cli.auth;

import io.govstream.orbit.auth.LocalTokenKey;
import io.govstream.topology.secrets.SecretStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The HS256 key Orbit checks bearer tokens with: {@code <data dir>/secrets/jwt-signing.password},
 * mode 0600, created by {@code govctl up} and read by {@code govctl token}/{@code dispatch}/{@code demo}.
 */
public final class TokenKey {
    static final String NAME = "jwt-signing";

    private TokenKey() {
    }

    public static Path file(Path dataDir) {
        return dataDir.resolve("secrets").resolve(NAME + ".password");
    }

    /** Creates the key on first use (govctl up); refuses a key file others can read. */
    public static Path createIfAbsent(Path dataDir) {
        new SecretStore(dataDir.resolve("secrets")).passwordFor(NAME);
        return file(dataDir);
    }

    /** The existing key; a data dir without one has never seen {@code govctl up}. */
    public static LocalTokenKey load(Path dataDir) {
        Path file = file(dataDir);
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("no token key at " + file + ": run 'govctl up' with this --data-dir first");
        }
        return new LocalTokenKey(new SecretStore(dataDir.resolve("secrets")).passwordFor(NAME));
    }

    /** The caller's own bearer token: {@code option} (--token), else $GOVCTL_TOKEN; null if neither holds one. */
    public static String given(String option) {
        String given = option != null ? option : System.getenv("GOVCTL_TOKEN");
        return given == null || given.isBlank() ? null : given.strip();
    }

    /** Mints dispatcher tokens for whichever subject and tenant a dispatch names (govctl's own client). */
    public static OrbitTokens dispatcherTokens(Path dataDir) {
        LocalTokenKey tokens = load(dataDir);
        return (subject, tenant) -> tokens.mint(subject, List.of("dispatcher"), List.of(tenant), Duration.ofMinutes(10), Instant.now());
    }

    /** A source of bearer tokens, by subject and the tenant they act for. */
    @FunctionalInterface
    public interface OrbitTokens {
        String forSubject(String subject, String tenant);
    }
}
