package io.govstream.orbit.auth;

import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.http.HttpRequest;
import io.micronaut.security.token.Claims;
import io.micronaut.security.token.jwt.signature.SignatureConfiguration;
import io.micronaut.security.token.jwt.validator.GenericJwtClaimsValidator;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Gives micronaut-security-jwt the key to verify bearer tokens with: the file at
 * {@code orbit.auth.jwt-secret-file} (a secret in a file, so it never sits in configuration or
 * the environment). Without the property no token verifies and every secured call gets 401.
 */
@Factory
public class TokenKeyFactory {

    @Singleton
    @Named("govstream-local")
    @Requires(property = "orbit.auth.jwt-secret-file")
    SignatureConfiguration localKey(@Value("${orbit.auth.jwt-secret-file}") String file) {
        Path path = Path.of(file);
        if (!Files.isRegularFile(path)) {
            throw new IllegalStateException("orbit.auth.jwt-secret-file " + path + " does not exist: run 'govctl up' first, "
                    + "or point it at the token key file");
        }
        return LocalTokenKey.fromFile(path).signature();
    }

    /** A token without an expiry would be good forever: refused. */
    @Singleton
    GenericJwtClaimsValidator<HttpRequest<?>> expiryRequired() {
        return (claims, request) -> claims.contains(Claims.EXPIRATION_TIME);
    }
}
