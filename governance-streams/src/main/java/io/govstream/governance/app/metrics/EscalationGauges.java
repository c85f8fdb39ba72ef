package io.govstream.governance.app.metrics;

import io.govstream.governance.state.StoreEntries;
import java.util.Comparator;
import java.util.List;
import io.govstream.events.PendingEscalation;
import io.govstream.governance.escalation.PendingEscalations;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.time.Instant;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Escalations waiting for approval, read from this instance's {@code pending-escalations} stores
 * (interactive queries over every local task): how many, and how long the oldest has waited.
 * NaN while the stream is not running (no store to read), so a gap is not mistaken for zero.
 */
public final class EscalationGauges implements MeterBinder {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(EscalationGauges.class);
    private final KafkaStreams streams;
    private volatile String lastProblem;

    public EscalationGauges(KafkaStreams streams) {
        this.streams = streams;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        // Suppliers, not (object, function): Micrometer holds the object weakly, and nothing else holds this binder.
        Gauge.builder("governance.escalations.pending", () -> scan().count())
                .description("Escalated requests waiting for approval on this instance")
                .register(registry);
        Gauge.builder("governance.escalation.oldest.pending.age", () -> scan().oldestAgeSeconds())
                .description("How long the oldest escalation on this instance has waited for approval")
                .baseUnit("seconds")
                .register(registry);
    }

    private record Scan(double count, double oldestAgeSeconds) {
    }

    private Scan scan() {
        try {
            ReadOnlyKeyValueStore<String, PendingEscalation> store = streams.store(StoreQueryParameters.fromNameAndType(
                    PendingEscalations.STORE, QueryableStoreTypes.keyValueStore()));
            List<Instant> escalatedAt = StoreEntries.all(store).stream()
                    .map(entry -> PendingEscalations.decision(entry.value).getEnvelope().getOccurredAt()).toList();
            Instant oldest = escalatedAt.stream().min(Comparator.naturalOrder()).orElse(null);
            return new Scan(escalatedAt.size(), oldest == null ? 0 : Duration.between(oldest, Instant.now()).toMillis() / 1000.0);
        } catch (InvalidStateStoreException e) {
            if (!String.valueOf(e.getMessage()).equals(lastProblem)) {
                lastProblem = String.valueOf(e.getMessage());
                LOG.info("pending escalations cannot be read now: {}", lastProblem);
            }
            return new Scan(Double.NaN, Double.NaN);
        }
    }
}
