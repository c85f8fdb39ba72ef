package io.govstream.runtime.probetest;

import io.govstream.runtime.ReadinessGate;
import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import io.micronaut.management.health.indicator.annotation.Readiness;
import jakarta.inject.Singleton;
import org.reactivestreams.Publisher;

@Singleton
@Readiness
public class TestGateIndicator implements HealthIndicator {
    public final ReadinessGate gate = new ReadinessGate("test-gate");

    @Override
    public Publisher<HealthResult> getResult() {
        return Publishers.just(gate.result());
    }
}
