package io.govstream.governance.policy;

import io.govstream.events.DeadLetter;
import io.govstream.governance.deadletter.DeadLetters;
import io.govstream.ledger.LedgerFact;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/** What a policy or flag record did: a change to ledger, or a rejection for the dead-letter topic. Never on the wire. */
public record PolicyUpdate(LedgerFact change, DeadLetter rejected) {

    public static PolicyUpdate changed(LedgerFact change) {
        return new PolicyUpdate(change, null);
    }

    /** A record of {@code source} that could not be applied, with the error, for the dead-letter topic. */
    public static PolicyUpdate rejected(Record<byte[], byte[]> record, RecordMetadata source, Exception error, Instant now) {
        String message = error.getMessage() == null ? error.toString() : error.getMessage();
        return new PolicyUpdate(null, DeadLetters.of(source.topic(), source.partition(), source.offset(), record.key(), record.value(),
                error.getClass().getName(), message, record.headers(), now));
    }

    public boolean isRejected() {
        return rejected != null;
    }

    /**
     * Sends rejections to the dead-letter topic and returns the changes to ledger. Node names:
     * {@code <prefix>-} (the split), {@code <prefix>-dead-letter}, {@code <prefix>-dead-letters-sink},
     * {@code <prefix>-change-fact}.
     */
    public static KStream<String, LedgerFact> route(KStream<String, PolicyUpdate> updates, String prefix, String deadLettersTopic,
                                                    Serde<DeadLetter> deadLetters) {
        Map<String, KStream<String, PolicyUpdate>> outcomes = updates.split(Named.as(prefix + "-"))
                .branch((key, update) -> update.isRejected(), Branched.as("rejected"))
                .defaultBranch(Branched.as("changed"));
        outcomes.get(prefix + "-rejected")
                .mapValues(PolicyUpdate::rejected, Named.as(prefix + "-dead-letter"))
                .to(deadLettersTopic, Produced.with(Serdes.String(), deadLetters).withName(prefix + "-dead-letters-sink"));
        return outcomes.get(prefix + "-changed").mapValues(PolicyUpdate::change, Named.as(prefix + "-change-fact"));
    }
}
