package io.govstream.governance.deadletter;

import io.govstream.schemas.registry.SchemaRegistryException;
import java.util.Objects;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;

/**
 * Decodes raw input bytes, capturing failures as {@link Decoded#failed} instead of throwing, so
 * a poison pill becomes a dead letter and the pipeline goes on. A registry that cannot be
 * reached is not the record's fault: that still fails the task, to be retried.
 */
public final class DecodeProcessor<T> implements FixedKeyProcessor<byte[], byte[], Decoded<T>> {
    private final Deserializer<T> deserializer;
    private FixedKeyProcessorContext<byte[], Decoded<T>> context;

    public DecodeProcessor(Deserializer<T> deserializer) {
        this.deserializer = Objects.requireNonNull(deserializer, "deserializer");
    }

    @Override
    public void init(FixedKeyProcessorContext<byte[], Decoded<T>> context) {
        this.context = context;
    }

    @Override
    public void process(FixedKeyRecord<byte[], byte[]> record) {
        String topic = context.recordMetadata().map(m -> m.topic()).orElse("");
        Decoded<T> decoded;
        try {
            T value = record.value() == null ? null : deserializer.deserialize(topic, record.headers(), record.value());
            decoded = value == null
                    ? Decoded.failed(record.key(), null, new SerializationException("empty record (null value)"))
                    : Decoded.ok(value);
        } catch (SerializationException e) {
            decoded = Decoded.failed(record.key(), record.value(), e);
        } catch (SchemaRegistryException e) {
            if (e.status() >= 500) {
                throw e;
            }
            decoded = Decoded.failed(record.key(), record.value(), e); // e.g. a schema id the registry never issued
        }
        context.forward(record.withValue(decoded));
    }
}
