package io.govstream.governance.app.metrics;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;
import java.util.List;

/**
 * One tag key for a state store's metrics, {@code state.id}, whatever the store's kind. Kafka Streams
 * names the key after the kind ({@code rocksdb-state-id}, {@code in-memory-state-id}, ...), so a metric
 * such as {@code kafka_stream_state_put_rate} comes with different label names for different stores,
 * and Prometheus takes one set of label names per metric: the registry kept the kind it saw first
 * and dropped every other store's meters (logging a warning once). Store names are unique within the
 * application, so the name alone says which store a series is.
 *
 * <p>The key is renamed, not joined by a second tag for the kind: Micrometer's Kafka binder does not
 * register a metric when a meter of the same name already has more tags than the metric.
 */
@Factory
public class StateStoreTags {
    static final String STATE_METRICS = "kafka.stream.state.";
    static final String KEY = "state.id";

    /** Micronaut applies it to the service's meter registry before any meter is registered. */
    @Singleton
    MeterFilter stateStoreIds() {
        return FILTER;
    }

    static final MeterFilter FILTER = new MeterFilter() {
        @Override
        public Meter.Id map(Meter.Id id) {
            if (!id.getName().startsWith(STATE_METRICS)) {
                return id;
            }
            List<Tag> tags = id.getTags().stream()
                    .map(tag -> tag.getKey().endsWith("." + KEY) ? Tag.of(KEY, tag.getValue()) : tag)
                    .toList();
            return id.replaceTags(tags);
        }
    };
}
