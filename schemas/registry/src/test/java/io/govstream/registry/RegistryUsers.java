package io.govstream.registry;

import io.govstream.secrets.SecretFiles;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Registry users for tests, laid out as {@code govctl up} lays out the principals' secrets:
 * {@code <dir>/<user>.password}. {@link #properties} configures a registry to admit them.
 */
final class RegistryUsers {
    static final String WRITER = "orbit";

    private final Path dir;
    private final Map<String, String> passwords = new HashMap<>();

    RegistryUsers(Path dir, String... users) {
        this.dir = dir;
        for (String user : users) {
            String password = UUID.randomUUID().toString();
            SecretFiles.write(dir.resolve(user + ".password"), password + "\n");
            passwords.put(user, password);
        }
    }

    /** One writer, {@link #WRITER}. */
    static RegistryUsers oneWriter(Path dir) {
        return new RegistryUsers(dir, WRITER);
    }

    String password(String user) {
        return passwords.get(user);
    }

    /** The registry settings that admit every user made here. */
    Map<String, Object> properties() {
        return Map.of("registry.auth.users", List.copyOf(passwords.keySet()), "registry.auth.password-dir", dir.toString());
    }

    /** A client that calls {@code baseUrl} as {@code user}. */
    RegistryHttp client(String baseUrl, String user) {
        return new RegistryHttp(baseUrl).as(user, password(user));
    }
}
