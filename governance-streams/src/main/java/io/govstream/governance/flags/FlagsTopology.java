package io.govstream.governance.flags;

import io.govstream.governance.routing.Broadcast;
import io.govstream.governance.policy.PolicyUpdate;
import io.govstream.ledger.LedgerFact;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;

/**
 * The flags part of the governance topology:
 * <pre>
 * flags (bytes, key = flag name)
 *   → apply-flag [feature-flags] ─ rejected → flag-dead-letter → flag-dead-letters-sink
 *       └→ flag-change-fact → flag-ledger-facts (→ ledger-append)
 * </pre>
 * {@code feature-flags} is also connected to {@code decide-dispatch} (through the {@code flags}
 * extension), so both run in the task of the same partition.
 */
public final class FlagsTopology {
    public static final String SOURCE = "flags-source";
    /** Repartition topic copying every flag record to every task ({@link Broadcast}). */
    public static final String TO_EVERY_TASK = "flags-to-every-task";
    public static final String APPLY = "apply-flag";
    public static final String LEDGER_FACTS = "flag-ledger-facts";

    private FlagsTopology() {
    }

    /** Adds the flags source and processor; returns the changes to ledger. */
    public static KStream<String, LedgerFact> changes(StreamsBuilder builder, String flagsTopic, int tasks, String deadLettersTopic,
                                                      Serde<io.govstream.events.FlagChange> flagSerde,
                                                      Serde<io.govstream.events.DeadLetter> deadLetterSerde) {
        KStream<String, PolicyUpdate> updates = Broadcast.toEveryTask(builder
                .stream(flagsTopic, Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()).withName(SOURCE)),
                        TO_EVERY_TASK, tasks, Serdes.ByteArray(), Serdes.ByteArray(), new byte[0])
                .process(() -> new FlagUpdateProcessor(flagSerde.deserializer()), Named.as(APPLY), FeatureFlags.STORE,
                        FeatureFlags.VERSION_STORE);
        return PolicyUpdate.route(updates, "flag", deadLettersTopic, deadLetterSerde);
    }
}
