package io.govstream.runtime.health;

import io.govstream.runtime.PlatformSettings;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import io.micronaut.management.health.indicator.annotation.Liveness;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.reactivestreams.Publisher;

/**
 * Liveness of a process's own loops (a consumer's poll loop, a worker): each registers a
 * {@link Heartbeat} and beats once per iteration. The process is live while every loop has
 * beaten within {@code govstream.watchdog.max-silence} and none has died; a loop stuck in a
 * call, or gone, makes {@code /health/live} answer 503 so the orchestrator restarts it.
 */
@Singleton
@Liveness
@Requires(env = "govstream")
public class Watchdog implements HealthIndicator {
    private final Map<String, Heartbeat> loops = new ConcurrentHashMap<>();
    private final Duration maxSilence;
    private final Clock clock;

    @jakarta.inject.Inject
    public Watchdog(PlatformSettings settings) {
        this(settings.watchdog().maxSilence(), Clock.systemUTC());
    }

    Watchdog(Duration maxSilence, Clock clock) {
        this.maxSilence = maxSilence;
        this.clock = clock;
    }

    /** A heartbeat for the loop called {@code name}; the silence is counted from now. */
    public Heartbeat register(String name) {
        Heartbeat heartbeat = new Heartbeat(clock);
        loops.put(name, heartbeat);
        return heartbeat;
    }

    @Override
    public Publisher<HealthResult> getResult() {
        return Publishers.just(check());
    }

    HealthResult check() {
        Instant now = clock.instant();
        boolean live = true;
        Map<String, Object> details = new TreeMap<>();
        for (Map.Entry<String, Heartbeat> loop : loops.entrySet()) {
            Heartbeat beat = loop.getValue();
            Duration silence = Duration.between(beat.last(), now);
            String state;
            if (beat.failure() != null) {
                live = false;
                state = "died: " + beat.failure();
            } else if (beat.stopped()) {
                state = "stopped";
            } else if (silence.compareTo(maxSilence) > 0) {
                live = false;
                state = "wedged: no loop for " + silence.toSeconds() + " s (limit " + maxSilence.toSeconds() + " s)";
            } else {
                state = "beating (" + silence.toMillis() + " ms ago)";
            }
            details.put(loop.getKey(), state);
        }
        return HealthResult.builder("watchdog", live ? HealthStatus.UP : HealthStatus.DOWN).details(details).build();
    }

    /** One loop's heartbeat. */
    public static final class Heartbeat {
        private final Clock clock;
        private volatile Instant last;
        private volatile boolean stopped;
        private volatile String failure;

        Heartbeat(Clock clock) {
            this.clock = clock;
            this.last = clock.instant();
        }

        public void beat() {
            last = clock.instant();
        }

        /** The loop ended on purpose (shutdown): no longer watched. */
        public void stop() {
            stopped = true;
        }

        /** The loop ended on an error it cannot recover from. */
        public void died(String reason) {
            failure = reason;
        }

        Instant last() {
            return last;
        }

        boolean stopped() {
            return stopped;
        }

        String failure() {
            return failure;
        }
    }
}
