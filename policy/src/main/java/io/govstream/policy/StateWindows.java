package io.govstream.policy;

import java.time.Duration;

/**
 * Windows of the state functions ({@code "30s"}, {@code "1m"}, {@code "1h"}, {@code "PT15M"}): whole
 * seconds from 1 s to {@link #MAX}. Counts are kept in per-second buckets, so a window of n seconds
 * covers the current second and the n - 1 seconds before it.
 */
public final class StateWindows {
    /** The longest window: bounds both the buckets kept and the buckets one lookup reads (3600). */
    public static final Duration MAX = Duration.ofHours(1);

    private StateWindows() {
    }

    /** The window in seconds; IllegalArgumentException (an evaluation error: the rule fails closed) if it is not one. */
    public static long seconds(String window) {
        Duration d;
        try {
            d = PolicyLoader.duration(window);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("window '" + window + "' is not a duration like 30s, 1m or 1h");
        }
        if (d.isNegative() || d.isZero() || d.compareTo(MAX) > 0 || d.toMillis() % 1000 != 0) {
            throw new IllegalArgumentException("window '" + window + "' must be whole seconds from 1s to " + MAX.toMinutes() + "m");
        }
        return d.toSeconds();
    }
}
