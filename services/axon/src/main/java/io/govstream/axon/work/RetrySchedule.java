package io.govstream.axon.work;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * When a command that could not be done is tried again: attempt n waits
 * {@code firstDelay * 2^(n-1)} plus up to 50 % jitter, on the retry topic; after
 * {@code maxAttempts} it goes to the dead letters. Attempt and not-before travel as headers.
 */
record RetrySchedule(int maxAttempts, Duration firstDelay) {
    static final String ATTEMPT = "govstream-attempt";
    static final String NOT_BEFORE = "govstream-not-before";

    /** Attempt number of a record: 1 for a command from the commands topic. */
    static int attemptOf(Headers headers) {
        Header h = headers.lastHeader(ATTEMPT);
        return h == null ? 1 : Integer.parseInt(new String(h.value(), StandardCharsets.UTF_8));
    }

    static Instant notBeforeOf(Headers headers) {
        Header h = headers.lastHeader(NOT_BEFORE);
        return h == null || h.value().length != Long.BYTES ? Instant.EPOCH : Instant.ofEpochMilli(ByteBuffer.wrap(h.value()).getLong());
    }

    boolean exhausted(int attempt) {
        return attempt >= maxAttempts;
    }

    /** When the next attempt after {@code attempt} may start. */
    Instant next(int attempt, Instant now) {
        long base = firstDelay.toMillis() << Math.min(attempt - 1, 20);
        long jitter = (long) (base * 0.5 * ThreadLocalRandom.current().nextDouble());
        return now.plusMillis(base + jitter);
    }

    static void stamp(Headers headers, int attempt, Instant notBefore) {
        headers.remove(ATTEMPT);
        headers.remove(NOT_BEFORE);
        headers.add(ATTEMPT, Integer.toString(attempt).getBytes(StandardCharsets.UTF_8));
        headers.add(NOT_BEFORE, ByteBuffer.allocate(Long.BYTES).putLong(notBefore.toEpochMilli()).array());
    }
}
