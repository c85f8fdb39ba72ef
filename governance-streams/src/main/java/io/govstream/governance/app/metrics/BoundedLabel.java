package io.govstream.governance.app.metrics;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps a label's cardinality bounded: the first {@code max} distinct values seen keep their
 * own value, every later one reads {@value #OTHER}. Tenants and rule ids come from input and
 * policy, so without a cap one noisy producer could create unbounded series.
 */
public final class BoundedLabel {
    public static final String OTHER = "other";
    public static final String NONE = "none";

    private final int max;
    private final Set<String> kept = ConcurrentHashMap.newKeySet();

    public BoundedLabel(int max) {
        if (max < 0) {
            throw new IllegalArgumentException("max must not be negative: " + max);
        }
        this.max = max;
    }

    public String of(String value) {
        if (value == null || value.isBlank()) {
            return NONE;
        }
        if (kept.contains(value)) {
            return value;
        }
        synchronized (kept) {
            if (kept.size() < max) {
                kept.add(value);
                return value;
            }
        }
        return kept.contains(value) ? value : OTHER;
    }
}
