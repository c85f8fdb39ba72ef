package io.govstream.governance.app.metrics;

import io.govstream.events.PendingEscalation;
import io.govstream.events.deployment.DeploymentState;
import io.govstream.governance.deployment.DeploymentGates;
import io.govstream.governance.escalation.PendingEscalations;
import io.govstream.governance.stores.StoreEntries;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gauges read from this instance's stores (interactive queries over every local task): escalations
 * waiting for approval ({@code pending-escalations}), how many and how long the oldest has waited,
 * and promotions waiting at a gate ({@code deployment-gates}). NaN while the stream is not running
 * (no store to read), so a gap is not mistaken for zero.
 */
public final class StoreGauges implements MeterBinder {
    private static final Logger LOG = LoggerFactory.getLogger(StoreGauges.class);
    private final KafkaStreams streams;
    private final Map<String, String> lastProblems = new ConcurrentHashMap<>();

    public StoreGauges(KafkaStreams streams) {
        this.streams = streams;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        // Suppliers, not (object, function): Micrometer holds the object weakly, and nothing else holds this binder.
        Gauge.builder("governance.escalations.pending", () -> escalations().count())
                .description("Escalated requests waiting for approval on this instance")
                .register(registry);
        Gauge.builder("governance.escalation.oldest.pending.age", () -> escalations().oldestAgeSeconds())
                .description("How long the oldest escalation on this instance has waited for approval")
                .baseUnit("seconds")
                .register(registry);
        Gauge.builder("governance.promotion.gates.pending", this::pendingGates)
                .description("Deployment promotions waiting at a gate (PENDING) on this instance")
                .register(registry);
    }

    private record Escalations(double count, double oldestAgeSeconds) {
    }

    private Escalations escalations() {
        List<KeyValue<String, PendingEscalation>> pending = entries(PendingEscalations.STORE, "pending escalations");
        if (pending == null) {
            return new Escalations(Double.NaN, Double.NaN);
        }
        Instant oldest = pending.stream().map(entry -> PendingEscalations.decision(entry.value).getEnvelope().getOccurredAt())
                .min(Comparator.naturalOrder()).orElse(null);
        return new Escalations(pending.size(), oldest == null ? 0 : Duration.between(oldest, Instant.now()).toMillis() / 1000.0);
    }

    private double pendingGates() {
        List<KeyValue<String, DeploymentState>> gates = entries(DeploymentGates.STORE, "deployment gates");
        return gates == null ? Double.NaN : gates.stream().mapToLong(entry -> entry.value.getGates().size()).sum();
    }

    /** Every entry of {@code store} on this instance, or null while it cannot be read (each new reason logged once). */
    private <V> List<KeyValue<String, V>> entries(String store, String what) {
        try {
            return StoreEntries.all(streams.store(StoreQueryParameters.fromNameAndType(store, QueryableStoreTypes.<String, V>keyValueStore())));
        } catch (InvalidStateStoreException e) {
            String problem = String.valueOf(e.getMessage());
            if (!problem.equals(lastProblems.put(store, problem))) {
                LOG.info("{} cannot be read now: {}", what, problem);
            }
            return null;
        }
    }
}
