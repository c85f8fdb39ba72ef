package io.govstream.orbit.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jwt.JWTClaimsSet;
import io.govstream.secrets.SecretFiles;
import io.micronaut.security.token.jwt.signature.secret.SecretSignature;
import io.micronaut.security.token.jwt.signature.secret.SecretSignatureConfiguration;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Objects;

/**
 * The local HS256 key of Orbit's bearer tokens ({@code <data dir>/secrets/jwt-signing.password}):
 * micronaut-security-jwt verifies with it ({@link #signature()}), {@code govctl token} mints with it
 * ({@link #mint}), through the same {@link SecretSignature}, so both sides agree on the format.
 */
public final class LocalTokenKey {
    public static final String ISSUER = "govstream-local";
    private static final int MIN_KEY_BYTES = 32;

    private final SecretSignature signature;

    public LocalTokenKey(String secret) {
        Objects.requireNonNull(secret, "secret");
        if (secret.getBytes(StandardCharsets.UTF_8).length < MIN_KEY_BYTES) {
            throw new IllegalArgumentException("an HS256 token key needs at least " + MIN_KEY_BYTES + " bytes");
        }
        SecretSignatureConfiguration config = new SecretSignatureConfiguration("govstream-local");
        config.setJwsAlgorithm(JWSAlgorithm.HS256);
        config.setSecret(secret);
        this.signature = new SecretSignature(config);
    }

    /**
     * The key as {@code govctl up} writes it: the file's content, trimmed.
     *
     * @throws IllegalStateException if others may read the file (whoever reads it can mint any token)
     */
    public static LocalTokenKey fromFile(Path file) {
        return new LocalTokenKey(SecretFiles.readString(file).strip());
    }

    public SecretSignature signature() {
        return signature;
    }

    /** A token for every tenant ({@code tenants: ["*"]}), for operators and tests. */
    public String mint(String subject, List<String> roles, Duration ttl, Instant now) {
        return mint(subject, roles, List.of(Tenancy.ALL), ttl, now);
    }

    /**
     * A compact JWS with {@code iss}, {@code sub}, {@code roles}, {@code tenants}, {@code iat} and
     * {@code exp}.
     *
     * @param tenants the tenants the token may act for ({@value Tenancy#ALL} = every tenant); at least one
     */
    public String mint(String subject, List<String> roles, List<String> tenants, Duration ttl, Instant now) {
        if (tenants == null || tenants.isEmpty()) {
            throw new IllegalArgumentException("a token needs at least one tenant (or '" + Tenancy.ALL + "' for every tenant)");
        }
        Objects.requireNonNull(subject, "subject");
        if (subject.isBlank()) {
            throw new IllegalArgumentException("a token needs a subject");
        }
        for (String role : roles) {
            if (!OrbitRoles.ALL.contains(role)) {
                throw new IllegalArgumentException("unknown role '" + role + "' (known: "
                        + String.join(", ", OrbitRoles.ALL.stream().sorted().toList()) + ")");
            }
        }
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .subject(subject)
                .claim("roles", List.copyOf(roles))
                .claim(Tenancy.CLAIM, List.copyOf(tenants))
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(ttl)))
                .build();
        try {
            return signature.sign(claims).serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign a token: " + e.getMessage(), e);
        }
    }
}
