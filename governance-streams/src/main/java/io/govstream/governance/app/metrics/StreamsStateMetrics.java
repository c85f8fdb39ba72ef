package io.govstream.governance.app.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams;

/**
 * {@code governance_streams_state{state}}: 1 for the Kafka Streams client's current state, 0 for
 * every other (7 series). Kafka's own {@code state} metric is a string, which Micrometer's
 * Kafka binder cannot export.
 */
public final class StreamsStateMetrics implements MeterBinder {
    private final Supplier<KafkaStreams.State> state;

    public StreamsStateMetrics(Supplier<KafkaStreams.State> state) {
        this.state = state;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (KafkaStreams.State s : KafkaStreams.State.values()) {
            Gauge.builder("governance.streams.state", state, current -> current.get() == s ? 1 : 0)
                    .description("1 for the state the Kafka Streams client is in, 0 otherwise")
                    .tag("state", s.name())
                    .strongReference(true)
                    .register(registry);
        }
    }
}
