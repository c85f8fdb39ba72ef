package io.govstream.governance.app.metrics;

import io.govstream.governance.state.StoreEntries;
import io.govstream.events.deployment.DeploymentState;
import io.govstream.governance.deployment.DeploymentGates;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Promotions waiting at a gate, read from this instance's {@code deployment-gates} stores
 * (interactive queries over every local task). NaN while the stream is not running (no store to
 * read), so a gap is not mistaken for zero.
 */
public final class PromotionGauges implements MeterBinder {
    private static final Logger LOG = LoggerFactory.getLogger(PromotionGauges.class);
    private final KafkaStreams streams;
    private volatile String lastProblem;

    public PromotionGauges(KafkaStreams streams) {
        this.streams = streams;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("governance.promotion.gates.pending", this::pending)
                .description("Deployment promotions waiting at a gate (PENDING) on this instance")
                .register(registry);
    }

    private double pending() {
        try {
            ReadOnlyKeyValueStore<String, DeploymentState> store = streams.store(StoreQueryParameters.fromNameAndType(
                    DeploymentGates.STORE, QueryableStoreTypes.keyValueStore()));
            return StoreEntries.all(store).stream().mapToLong(entry -> entry.value.getGates().size()).sum();
        } catch (InvalidStateStoreException e) {
            if (!String.valueOf(e.getMessage()).equals(lastProblem)) {
                lastProblem = String.valueOf(e.getMessage());
                LOG.info("deployment gates cannot be read now: {}", lastProblem);
            }
            return Double.NaN;
        }
    }
}
