package io.govstream.governance.app;

import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import io.micronaut.management.health.indicator.annotation.Liveness;
import jakarta.inject.Singleton;
import java.util.Map;
import org.apache.kafka.streams.KafkaStreams;
import org.reactivestreams.Publisher;

/**
 * Liveness of governance-streams: DOWN once the Kafka Streams client is in ERROR (or on its way
 * there). A stream thread that failed shuts the client down and it never recovers by itself, so
 * only a restart helps. Starting, rebalancing and a clean shutdown are alive.
 */
@Singleton
@Liveness
public class StreamsLiveness implements HealthIndicator {
    private final GovernanceService service;

    public StreamsLiveness(GovernanceService service) {
        this.service = service;
    }

    @Override
    public Publisher<HealthResult> getResult() {
        KafkaStreams.State state = service.state();
        boolean dead = state == KafkaStreams.State.ERROR || state == KafkaStreams.State.PENDING_ERROR;
        return Publishers.just(HealthResult.builder("kafka-streams-alive", dead ? HealthStatus.DOWN : HealthStatus.UP)
                .details(Map.of("state", state.name())).build());
    }
}
