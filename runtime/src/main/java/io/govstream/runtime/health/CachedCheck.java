package io.govstream.runtime.health;

import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthResult;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * A remote health check that runs at most once per {@code ttl}, never blocks the caller and
 * never has two probes in flight: a probe every scrape or kubelet call would load the
 * dependency it checks. A probe that fails or times out reads DOWN with the error.
 */
final class CachedCheck {
    private final String name;
    private final Duration ttl;
    private final Duration timeout;
    private final Supplier<CompletableFuture<Map<String, Object>>> probe;
    private final Clock clock;
    private CompletableFuture<HealthResult> inFlight;
    private HealthResult last;
    private Instant lastAt = Instant.EPOCH;

    CachedCheck(String name, Duration ttl, Duration timeout, Supplier<CompletableFuture<Map<String, Object>>> probe, Clock clock) {
        this.name = name;
        this.ttl = ttl;
        this.timeout = timeout;
        this.probe = probe;
        this.clock = clock;
    }

    synchronized CompletableFuture<HealthResult> result() {
        Instant now = clock.instant();
        if (last != null && Duration.between(lastAt, now).compareTo(ttl) < 0) {
            return CompletableFuture.completedFuture(last);
        }
        if (inFlight == null) {
            CompletableFuture<Map<String, Object>> started;
            try {
                started = probe.get();
            } catch (RuntimeException e) {
                started = CompletableFuture.failedFuture(e);
            }
            inFlight = started.orTimeout(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)
                    .handle((details, error) -> error == null
                            ? HealthResult.builder(name, HealthStatus.UP).details(details).build()
                            : HealthResult.builder(name, HealthStatus.DOWN).details(Map.of("error", describe(error))).build())
                    .thenApply(this::remember);
        }
        return inFlight;
    }

    private synchronized HealthResult remember(HealthResult result) {
        last = result;
        lastAt = clock.instant();
        inFlight = null;
        return result;
    }

    private String describe(Throwable error) {
        Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null ? error.getCause() : error;
        if (cause instanceof java.util.concurrent.TimeoutException) {
            return "no answer within " + timeout.toMillis() + " ms";
        }
        return cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
    }
}
