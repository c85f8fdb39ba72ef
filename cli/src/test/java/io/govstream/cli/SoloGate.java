package io.govstream.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Where a test tagged {@code solo} stops preparing and starts measuring. {@code ./verify} starts the
 * solo tests while its last lane still runs, with {@code -Dsolo.gate=FILE}, and writes FILE once
 * every lane has passed: what a solo test starts (a cluster, its processes) starts beside the last
 * lane, and what it measures (load, kills, recovery times) runs alone. Without the property (a run
 * of the class by name, say) the test measures at once.
 */
public final class SoloGate {
    public static final String PROPERTY = "solo.gate";
    /** Longer than the last lane has ever run past the one before it (about two minutes). */
    static final Duration LIMIT = Duration.ofMinutes(10);

    private SoloGate() {
    }

    /** Waits until the gate file named by {@value #PROPERTY} exists, if one is named; prints how long it waited. */
    public static void awaitAlone() {
        String gate = System.getProperty(PROPERTY, "");
        if (!gate.isBlank()) {
            System.out.println("SOLO GATE: waited " + awaitFile(Path.of(gate), LIMIT).toMillis() / 1000.0 + " s for ./verify's lanes");
        }
    }

    /** Waits until {@code file} exists, at most {@code limit}; returns how long it waited. */
    static Duration awaitFile(Path file, Duration limit) {
        long start = System.nanoTime();
        try {
            Awaitility.await().atMost(limit).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(200)).until(() -> Files.exists(file));
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("./verify's lanes did not pass within " + limit + ": no " + file
                    + " (it is written once every lane has passed; a failed lane stops this run instead)", e);
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }
}
