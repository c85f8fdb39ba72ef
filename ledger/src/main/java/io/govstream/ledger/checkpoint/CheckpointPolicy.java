package io.govstream.ledger.checkpoint;

import java.time.Duration;
import java.util.Objects;

/**
 * When a partition gets a checkpoint: after {@code everyEntries} new entries, or every
 * {@code interval} (wall clock) if at least one entry arrived since the last checkpoint.
 */
public record CheckpointPolicy(long everyEntries, Duration interval) {
    public static final CheckpointPolicy DEFAULT = new CheckpointPolicy(1000, Duration.ofSeconds(10));

    public CheckpointPolicy {
        if (everyEntries < 1) {
            throw new IllegalArgumentException("everyEntries must be >= 1, was " + everyEntries);
        }
        Objects.requireNonNull(interval, "interval");
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("interval must be positive, was " + interval);
        }
    }
}
