package io.govstream.topology.plan;

import java.time.Duration;
import java.util.List;

/** What an apply did, in the order it did it: the record of the change. */
public record ApplyReport(List<String> applied, Duration elapsed) {

    public ApplyReport {
        applied = List.copyOf(applied);
    }

    public boolean isEmpty() {
        return applied.isEmpty();
    }

    public String summary() {
        return applied.size() + " change(s) applied in " + elapsed.toMillis() + " ms";
    }
}
