package io.govstream.governance.app;

import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import io.micronaut.management.health.indicator.annotation.Readiness;
import jakarta.inject.Singleton;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.streams.KafkaStreams;
import org.reactivestreams.Publisher;

/**
 * Component {@code ledger-appender}: the ledger is appended inside the governance topology and
 * never skips, so it is healthy exactly when the stream runs (RUNNING or REBALANCING) and no
 * stream thread has failed. A failed append fails its task, which shuts the client down.
 */
@Singleton
@Readiness
public class LedgerAppenderHealth implements HealthIndicator {
    private final GovernanceService service;

    public LedgerAppenderHealth(GovernanceService service) {
        this.service = service;
    }

    @Override
    public Publisher<HealthResult> getResult() {
        KafkaStreams.State state = service.state();
        int failed = service.failedStreamThreads();
        boolean healthy = state.isRunningOrRebalancing() && failed == 0;
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("streamsState", state.name());
        details.put("failedStreamThreads", failed);
        if (service.lastFailure() != null) {
            details.putAll(service.lastFailure());
        }
        return Publishers.just(HealthResult.builder("ledger-appender", healthy ? HealthStatus.UP : HealthStatus.DOWN)
                .details(details).build());
    }
}
