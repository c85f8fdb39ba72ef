package io.govstream.topology;

import io.govstream.schemas.registry.SchemaRegistryClient;
import io.govstream.schemas.serde.AvroSerde;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;

/**
 * The value serde of every topic, by typed role: Confluent wire-format Avro on one schema registry
 * client, made once per value type and shared (serdes are thread-safe). Keys are bytes in, strings out.
 */
public final class TopicSerdes {
    private final SchemaRegistryClient registry;
    private final Map<Class<?>, Serde<?>> byType = new ConcurrentHashMap<>();

    public TopicSerdes(SchemaRegistryClient registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    /** The serde of {@code topic}'s values; registers their schema on first write. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public <V> Serde<V> value(Topic<V> topic) {
        Class<V> type = topic.valueType();
        if (type == null || !SpecificRecord.class.isAssignableFrom(type)) {
            throw new IllegalArgumentException("topic role '" + topic.role() + "' has no Avro value type");
        }
        return (Serde<V>) byType.computeIfAbsent(type, t -> AvroSerde.forValue((Class) t, registry));
    }

    public SchemaRegistryClient registry() {
        return registry;
    }
}
