package io.govstream.governance.deadletter;

import java.util.Objects;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.processor.api.ContextualFixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;

/**
 * Decodes raw input bytes, capturing failures as {@link Decoded#failed} instead of throwing, so
 * a poison pill becomes a dead letter and the pipeline goes on. A registry that cannot be
 * reached is not the record's fault: that still fails the task, to be retried.
 */
public final class DecodeProcessor<T> extends ContextualFixedKeyProcessor<byte[], byte[], Decoded<T>> {
    /** Larger values are dead-lettered unread: no request needs a megabyte, and decoding one costs. */
    public static final int MAX_RECORD_BYTES = 1024 * 1024;
    /** How much of an oversized value the dead letter keeps, so the letter itself stays small. */
    static final int KEPT_PREFIX_BYTES = 1024;

    private final Deserializer<T> deserializer;

    public DecodeProcessor(Deserializer<T> deserializer) {
        this.deserializer = Objects.requireNonNull(deserializer, "deserializer");
    }

    /** A record too large to be a request. */
    public static final class OversizedRecordException extends SerializationException {
        OversizedRecordException(String message) {
            super(message);
        }
    }

    @Override
    public void process(FixedKeyRecord<byte[], byte[]> record) {
        String topic = context().recordMetadata().map(m -> m.topic()).orElse("");
        Decoded<T> decoded;
        if (record.value() != null && record.value().length > MAX_RECORD_BYTES) {
            context().forward(record.withValue(Decoded.failed(record.key(),
                    java.util.Arrays.copyOf(record.value(), KEPT_PREFIX_BYTES),
                    new OversizedRecordException("record value is " + record.value().length + " bytes, more than the "
                            + MAX_RECORD_BYTES + " allowed; the dead letter keeps its first " + KEPT_PREFIX_BYTES + " bytes"))));
            return;
        }
        try {
            T value = record.value() == null ? null : deserializer.deserialize(topic, record.headers(), record.value());
            decoded = value == null
                    ? Decoded.failed(record.key(), null, new SerializationException("empty record (null value)"))
                    : Decoded.ok(value, record.value());
        } catch (SerializationException e) { // also a schema id the registry never issued; a failing registry is thrown
            decoded = Decoded.failed(record.key(), record.value(), e);
        }
        context().forward(record.withValue(decoded));
    }
}
