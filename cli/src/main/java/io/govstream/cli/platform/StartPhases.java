package io.govstream.cli.platform;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** How long each phase of a start took, in the order they ran. */
final class StartPhases {
    private final List<String> done = new ArrayList<>();
    private Instant last;

    StartPhases(Instant start) {
        this.last = start;
    }

    void done(String phase) {
        Instant now = Instant.now();
        done.add(String.format("%s %.1f s", phase, Duration.between(last, now).toMillis() / 1000.0));
        last = now;
    }

    @Override
    public String toString() {
        return String.join(", ", done);
    }
}
