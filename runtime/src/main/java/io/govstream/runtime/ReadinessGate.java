package io.govstream.runtime;

import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthResult;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The readiness of one part of a process (a consumer caught up, a stream RUNNING), set by
 * that part and reported by its health indicator.
 */
public final class ReadinessGate {
    private final String name;
    private final AtomicReference<HealthResult> state;

    public ReadinessGate(String name) {
        this.name = name;
        this.state = new AtomicReference<>(result(HealthStatus.DOWN, "starting"));
    }

    public void up(String detail) {
        state.set(result(HealthStatus.UP, detail));
    }

    public void down(String detail) {
        state.set(result(HealthStatus.DOWN, detail));
    }

    public HealthResult result() {
        return state.get();
    }

    private HealthResult result(HealthStatus status, String detail) {
        return HealthResult.builder(name, status).details(Map.of("state", detail)).build();
    }
}
