package io.govstream.governance.deadletter;

import io.govstream.runtime.commands.EventSeal;
import java.util.Objects;
import org.apache.kafka.streams.processor.api.ContextualFixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;

/**
 * Lets through only decoded records that carry a valid seal of the sender they must come from
 * ({@link EventSeal}); any other becomes a failed {@link Decoded}, dead-lettered with the reason
 * (error type {@link UnsealedEventException}), before it can touch state. Checked at the source,
 * on the bytes as they were written.
 */
public final class SealCheckProcessor<T> extends ContextualFixedKeyProcessor<byte[], Decoded<T>, Decoded<T>> {
    private final EventSeal.Verifier verifier;

    public SealCheckProcessor(EventSeal.Verifier verifier) {
        this.verifier = Objects.requireNonNull(verifier, "verifier");
    }

    /** A record that is not sealed by the sender it must come from. */
    public static final class UnsealedEventException extends RuntimeException {
        UnsealedEventException(String message) {
            super(message);
        }
    }

    @Override
    public void process(FixedKeyRecord<byte[], Decoded<T>> record) {
        Decoded<T> decoded = record.value();
        if (decoded.failed()) {
            context().forward(record);
            return;
        }
        String topic = context().recordMetadata().map(m -> m.topic()).orElse("");
        String problem = verifier.problem(record.headers(), topic, decoded.rawValue());
        if (problem == null) {
            context().forward(record);
            return;
        }
        context().forward(record.withValue(Decoded.failed(record.key(), decoded.rawValue(), new UnsealedEventException(problem))));
    }
}
