package io.govstream.axon.work;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class RetryScheduleTest {
    private final RetrySchedule schedule = new RetrySchedule(4, Duration.ofSeconds(5));
    private final Instant now = Instant.parse("2026-11-22T12:00:00Z");

    @Test
    void givenACommandFromTheCommandsTopic_whenAsked_thenItIsAttemptOne_dueNow() {
        RecordHeaders headers = new RecordHeaders();
        assertThat(RetrySchedule.attemptOf(headers)).isEqualTo(1);
        assertThat(RetrySchedule.notBeforeOf(headers)).isEqualTo(Instant.EPOCH);
    }

    @Test
    void givenAttempts_whenScheduled_thenDelaysGrowExponentiallyWithAtMostHalfJitter() {
        for (int attempt = 1; attempt <= 3; attempt++) {
            long base = 5_000L << (attempt - 1);
            Duration delay = Duration.between(now, schedule.next(attempt, now));
            assertThat(delay.toMillis()).isBetween(base, base + base / 2);
        }
    }

    @Test
    void givenStampedHeaders_whenRead_thenAttemptAndNotBeforeRoundTrip_andTheLastAttemptIsExhausted() {
        RecordHeaders headers = new RecordHeaders();
        RetrySchedule.stamp(headers, 2, now);
        RetrySchedule.stamp(headers, 3, now.plusSeconds(10));
        assertThat(RetrySchedule.attemptOf(headers)).isEqualTo(3);
        assertThat(RetrySchedule.notBeforeOf(headers)).isEqualTo(now.plusSeconds(10));
        assertThat(schedule.exhausted(3)).isFalse();
        assertThat(schedule.exhausted(4)).isTrue();
    }
}
