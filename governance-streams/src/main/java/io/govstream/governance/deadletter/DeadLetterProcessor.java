package io.govstream.governance.deadletter;

import io.govstream.events.DeadLetter;
import java.time.Instant;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.processor.api.ContextualFixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/** Turns a failed decode into a {@link DeadLetter} naming the source topic, partition and offset. */
public final class DeadLetterProcessor<T> extends ContextualFixedKeyProcessor<byte[], Decoded<T>, DeadLetter> {
    @Override
    public void process(FixedKeyRecord<byte[], Decoded<T>> record) {
        RecordMetadata source = context().recordMetadata()
                .orElseThrow(() -> new StreamsException("A dead letter must name its source record, but there is no metadata"));
        Decoded<T> failed = record.value();
        DeadLetter letter = DeadLetters.of(source.topic(), source.partition(), source.offset(), failed.rawKey(), failed.rawValue(),
                failed.errorType(), failed.errorMessage(), record.headers(), Instant.ofEpochMilli(context().currentSystemTimeMs()));
        FixedKeyRecord<byte[], DeadLetter> out = record.withValue(letter);
        DeadLetters.addHeaders(out.headers(), letter);
        context().forward(out);
    }
}
