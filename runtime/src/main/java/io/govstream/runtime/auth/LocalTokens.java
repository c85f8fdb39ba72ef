package io.govstream.runtime.auth;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Bearer tokens for Orbit's API: compact JWS (RFC 7515/7519) signed with HS256 and a key
 * from the data dir. Minted by {@code govctl token}, checked by Orbit. Verification is strict:
 * the header must say HS256 (no {@code none}, no algorithm confusion), the MAC is compared in
 * constant time, {@code exp} and {@code sub} are required.
 */
public final class LocalTokens {
    /** The roles Orbit knows. */
    public static final Set<String> ROLES = Set.of("dispatcher", "devops", "security", "auditor", "admin");
    public static final String ISSUER = "govstream-local";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();
    private static final Duration LEEWAY = Duration.ofSeconds(30);
    private static final int MIN_KEY_BYTES = 32;

    private final byte[] key;

    public LocalTokens(byte[] key) {
        if (key == null || key.length < MIN_KEY_BYTES) {
            throw new IllegalArgumentException("an HS256 key needs at least " + MIN_KEY_BYTES + " bytes");
        }
        this.key = key.clone();
    }

    /** The key as {@code govctl up} writes it: the UTF-8 bytes of the secret file's content. */
    public static LocalTokens fromFile(Path file) {
        try {
            return new LocalTokens(Files.readString(file, StandardCharsets.UTF_8).strip().getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the token key " + file, e);
        }
    }

    /** Who a valid token speaks for. */
    public record Claims(String subject, Set<String> roles, Instant expiresAt) {
        public boolean hasAnyRole(Set<String> wanted) {
            return roles.stream().anyMatch(wanted::contains);
        }
    }

    /** A token that does not authenticate anyone; the message never contains the token. */
    public static final class InvalidToken extends RuntimeException {
        public InvalidToken(String message) {
            super(message);
        }
    }

    public String mint(String subject, List<String> roles, Duration ttl, Instant now) {
        Objects.requireNonNull(subject, "subject");
        if (subject.isBlank()) {
            throw new IllegalArgumentException("a token needs a subject");
        }
        for (String role : roles) {
            if (!ROLES.contains(role)) {
                throw new IllegalArgumentException("unknown role '" + role + "' (known: " + String.join(", ", ROLES.stream().sorted().toList()) + ")");
            }
        }
        ObjectNode header = JSON.createObjectNode().put("alg", "HS256").put("typ", "JWT");
        ObjectNode claims = JSON.createObjectNode()
                .put("iss", ISSUER)
                .put("sub", subject)
                .put("iat", now.getEpochSecond())
                .put("exp", now.plus(ttl).getEpochSecond());
        ArrayNode roleArray = claims.putArray("roles");
        roles.forEach(roleArray::add);
        String signingInput = B64.encodeToString(header.toString().getBytes(StandardCharsets.UTF_8)) + "."
                + B64.encodeToString(claims.toString().getBytes(StandardCharsets.UTF_8));
        return signingInput + "." + B64.encodeToString(mac(signingInput));
    }

    public Claims verify(String token, Instant now) {
        if (token == null || token.isBlank()) {
            throw new InvalidToken("no bearer token");
        }
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3) {
            throw new InvalidToken("not a compact JWS (expected three dot-separated parts)");
        }
        JsonNode header = json(parts[0], "header");
        if (!"HS256".equals(header.path("alg").asText())) {
            throw new InvalidToken("unsupported token algorithm '" + header.path("alg").asText() + "' (only HS256)");
        }
        byte[] signature;
        try {
            signature = B64D.decode(parts[2]);
        } catch (IllegalArgumentException e) {
            throw new InvalidToken("token signature is not base64url");
        }
        if (!MessageDigest.isEqual(signature, mac(parts[0] + "." + parts[1]))) {
            throw new InvalidToken("token signature does not verify");
        }
        JsonNode claims = json(parts[1], "claims");
        String subject = claims.path("sub").asText("");
        if (subject.isBlank()) {
            throw new InvalidToken("token has no subject");
        }
        if (!claims.path("exp").canConvertToLong()) {
            throw new InvalidToken("token has no expiry");
        }
        Instant expiresAt = Instant.ofEpochSecond(claims.path("exp").asLong());
        if (now.minus(LEEWAY).isAfter(expiresAt)) {
            throw new InvalidToken("token expired at " + expiresAt);
        }
        Set<String> roles = new LinkedHashSet<>();
        claims.path("roles").forEach(r -> roles.add(r.asText()));
        return new Claims(subject, Set.copyOf(roles), expiresAt);
    }

    private static JsonNode json(String part, String what) {
        try {
            JsonNode node = JSON.readTree(B64D.decode(part));
            if (node == null || !node.isObject()) {
                throw new InvalidToken("token " + what + " is not a JSON object");
            }
            return node;
        } catch (IllegalArgumentException e) {
            throw new InvalidToken("token " + what + " is not base64url");
        } catch (JsonProcessingException e) {
            throw new InvalidToken("token " + what + " is not JSON");
        } catch (IOException e) {
            throw new InvalidToken("token " + what + " cannot be read");
        }
    }

    private byte[] mac(String signingInput) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
        }
    }
}
