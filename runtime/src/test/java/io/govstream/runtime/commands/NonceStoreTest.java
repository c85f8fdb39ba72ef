package io.govstream.runtime.commands;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class NonceStoreTest {
    private static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");
    private static final Instant EXPIRES = NOW.plus(Duration.ofMinutes(10));

    @Test
    void givenAKeySeenOnce_whenOfferedAgain_thenNotAFirstTime() {
        NonceStore seen = new NonceStore();
        assertThat(seen.firstTime("a", EXPIRES, NOW)).isTrue();
        assertThat(seen.firstTime("a", EXPIRES, NOW)).isFalse();
        assertThat(seen.firstTime("b", EXPIRES, NOW)).isTrue();
    }

    @Test
    void givenManyKeysSeen_whenTheOldestIsOfferedAgain_thenItIsKeptUntilItsExpiry_andForgottenAfter() {
        NonceStore seen = new NonceStore();
        seen.firstTime("a", EXPIRES, NOW);
        for (int n = 0; n < 150_000; n++) {
            seen.firstTime("later-" + n, EXPIRES.plusSeconds(1), NOW);
        }
        assertThat(seen.firstTime("a", EXPIRES, EXPIRES)).as("however many came since").isFalse();
        assertThat(seen.firstTime("a", EXPIRES, EXPIRES.plusMillis(1))).as("its command is refused as expired by then").isTrue();
        assertThat(seen.firstTime("later-0", EXPIRES, EXPIRES.plusMillis(1))).isFalse();
    }
}
