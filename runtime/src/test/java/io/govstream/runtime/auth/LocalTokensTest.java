package io.govstream.runtime.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class LocalTokensTest {
    private static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");
    private final LocalTokens tokens = new LocalTokens("k".repeat(32).getBytes(StandardCharsets.UTF_8));

    @Test
    void givenAMintedToken_whenVerified_thenSubjectAndRoles() {
        String token = tokens.mint("alice", List.of("dispatcher"), Duration.ofHours(1), NOW);
        LocalTokens.Claims claims = tokens.verify(token, NOW.plusSeconds(60));
        assertThat(claims.subject()).isEqualTo("alice");
        assertThat(claims.roles()).containsExactly("dispatcher");
    }

    @Test
    void givenAnExpiredToken_whenVerified_thenRefused() {
        String token = tokens.mint("alice", List.of("dispatcher"), Duration.ofMinutes(1), NOW);
        assertThatThrownBy(() -> tokens.verify(token, NOW.plus(Duration.ofMinutes(5))))
                .isInstanceOf(LocalTokens.InvalidToken.class).hasMessageContaining("expired");
    }

    @Test
    void givenAnotherKey_whenVerified_thenRefused() {
        String token = new LocalTokens("x".repeat(32).getBytes(StandardCharsets.UTF_8))
                .mint("alice", List.of("admin"), Duration.ofHours(1), NOW);
        assertThatThrownBy(() -> tokens.verify(token, NOW)).hasMessageContaining("does not verify");
    }

    @Test
    void givenATamperedClaim_whenVerified_thenRefused() {
        String[] parts = tokens.mint("alice", List.of("auditor"), Duration.ofHours(1), NOW).split("\\.");
        String forged = Base64.getUrlEncoder().withoutPadding().encodeToString(
                ("{\"sub\":\"alice\",\"roles\":[\"admin\"],\"exp\":" + NOW.plusSeconds(3600).getEpochSecond() + "}")
                        .getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> tokens.verify(parts[0] + "." + forged + "." + parts[2], NOW))
                .hasMessageContaining("does not verify");
    }

    @Test
    void givenAlgNone_whenVerified_thenRefusedWithoutLookingAtTheSignature() {
        String header = Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8));
        String claims = tokens.mint("alice", List.of("admin"), Duration.ofHours(1), NOW).split("\\.")[1];
        assertThatThrownBy(() -> tokens.verify(header + "." + claims + ".", NOW)).hasMessageContaining("only HS256");
    }

    @Test
    void givenGarbage_whenVerified_thenAClearErrorThatDoesNotEchoTheToken() {
        assertThatThrownBy(() -> tokens.verify("secret-looking-garbage", NOW))
                .hasMessageNotContaining("secret-looking-garbage").hasMessageContaining("compact JWS");
        assertThatThrownBy(() -> tokens.verify(null, NOW)).hasMessageContaining("no bearer token");
    }

    @Test
    void givenAnUnknownRole_whenMinted_thenRefused() {
        assertThatThrownBy(() -> tokens.mint("alice", List.of("root"), Duration.ofHours(1), NOW))
                .hasMessageContaining("unknown role 'root'");
    }
}
