package io.govstream.governance.routing;

import java.util.Objects;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.processor.api.ContextualFixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;

/**
 * Decodes a record that was decoded once already, before it was routed through a repartition topic
 * as its original bytes. Poison pills were dead-lettered at the source, so a failure here is not the
 * record's fault (the registry is unreachable, say): it fails the task, to be retried, and nothing
 * is skipped.
 */
final class RoutedDecoder<T> extends ContextualFixedKeyProcessor<String, byte[], T> {
    private final Deserializer<T> deserializer;

    RoutedDecoder(Deserializer<T> deserializer) {
        this.deserializer = Objects.requireNonNull(deserializer, "deserializer");
    }

    @Override
    public void process(FixedKeyRecord<String, byte[]> record) {
        String topic = context().recordMetadata().map(m -> m.topic()).orElse("");
        T value;
        try {
            value = deserializer.deserialize(topic, record.headers(), record.value());
        } catch (RuntimeException e) {
            throw new StreamsException("cannot decode a routed record on " + topic + " that decoded at its source", e);
        }
        context().forward(record.withValue(value));
    }
}
