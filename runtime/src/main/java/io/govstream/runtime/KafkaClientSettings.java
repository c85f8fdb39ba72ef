package io.govstream.runtime;

import io.micronaut.context.annotation.Property;
import io.micronaut.core.convert.format.MapFormat;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;

/**
 * Kafka client settings of a process: every {@code kafka.*} property (or {@code KAFKA_*}
 * environment variable), passed verbatim to the Kafka clients, e.g.
 * {@code kafka.bootstrap.servers}, {@code kafka.security.protocol},
 * {@code kafka.sasl.mechanism}, {@code kafka.sasl.jaas.config}.
 */
@Singleton
public class KafkaClientSettings {
    private final Map<String, Object> properties;

    public KafkaClientSettings(@Property(name = "kafka") @MapFormat(transformation = MapFormat.MapTransformation.FLAT)
                               Map<String, Object> properties) {
        this.properties = Map.copyOf(properties == null ? Map.of() : properties);
        if (!this.properties.containsKey("bootstrap.servers")) {
            throw new IllegalStateException("kafka.bootstrap.servers is not set (property kafka.bootstrap.servers "
                    + "or environment variable KAFKA_BOOTSTRAP_SERVERS)");
        }
    }

    /** The client properties plus {@code overrides}, in a new mutable map. */
    public Map<String, Object> with(Map<String, Object> overrides) {
        Map<String, Object> all = new HashMap<>(properties);
        all.putAll(overrides);
        return all;
    }

    /**
     * Seeks each of {@code partitions} (assigned to {@code consumer}) to its first record of the last {@code lookback}, or
     * to its end if it has none that recent. Returns the end offsets, as read before seeking.
     */
    public static Map<TopicPartition, Long> seekWithin(Consumer<?, ?> consumer, Collection<TopicPartition> partitions, Duration lookback) {
        long since = Instant.now().minus(lookback).toEpochMilli();
        Map<TopicPartition, Long> query = new HashMap<>();
        partitions.forEach(p -> query.put(p, since));
        Map<TopicPartition, OffsetAndTimestamp> from = consumer.offsetsForTimes(query);
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
        for (TopicPartition p : partitions) {
            OffsetAndTimestamp at = from.get(p);
            consumer.seek(p, at == null ? end.get(p) : at.offset());
        }
        return end;
    }

    /** For logs: the settings with every secret-bearing value masked. */
    @Override
    public String toString() {
        Map<String, Object> shown = new TreeMap<>();
        properties.forEach((k, v) -> shown.put(k, k.contains("jaas") || k.contains("password") ? "[hidden]" : v));
        return shown.toString();
    }
}
