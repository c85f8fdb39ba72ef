package io.govstream.governance.flags;

import io.govstream.governance.routing.Broadcast;
import io.govstream.events.Envelope;
import io.govstream.schemas.Envelopes;
import io.govstream.events.FlagChange;
import io.govstream.events.FlagJson;
import io.govstream.events.LedgerEntryKind;
import io.govstream.governance.dispatch.DispatchDecider;
import io.govstream.governance.policy.PolicyUpdate;
import io.govstream.policy.Identities;
import io.govstream.ledger.LedgerFact;
import io.govstream.schemas.gdpr.SubjectRef;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Objects;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies flag changes from the flags topic to this task's flags store, counting each change of a value so
 * the task's decisions read the flags again, and records
 * each change for the ledger (STATE_CHANGE, payload {@link FlagChange} with the value it replaced
 * here). Like policies, every change reaches every task ({@link Broadcast}), so each ledger chain
 * records it, from the only task that writes that chain.
 *
 * <p>A record that cannot be decoded, names an invalid flag, is keyed by another name than it
 * carries or holds invalid JSON goes to the dead-letter topic, and the flag keeps its value. A
 * change to the value the flag already has changes nothing and is not ledgered. A tombstone for a
 * flag that is still set (a deletion written by another tool than govctl) unsets it and is
 * ledgered with author "unknown (tombstone)"; {@code govctl flag unset} writes a deletion that
 * names its author first, so its tombstone finds the flag gone.
 */
public final class FlagUpdateProcessor extends ContextualProcessor<byte[], byte[], String, PolicyUpdate> {
    private static final Logger LOG = LoggerFactory.getLogger(FlagUpdateProcessor.class);
    static final String TOMBSTONE_AUTHOR = "unknown (tombstone)";

    private final Deserializer<FlagChange> deserializer;
    private KeyValueStore<String, byte[]> store;
    private KeyValueStore<String, Long> version;

    public FlagUpdateProcessor(Deserializer<FlagChange> deserializer) {
        this.deserializer = Objects.requireNonNull(deserializer, "deserializer");
    }

    @Override
    public void init(ProcessorContext<String, PolicyUpdate> context) {
        super.init(context);
        this.store = context.getStateStore(FeatureFlags.STORE);
        this.version = context.getStateStore(FeatureFlags.VERSION_STORE);
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        RecordMetadata source = Broadcast.origin(context(), record.headers());
        String key = record.key() == null ? "" : new String(record.key(), StandardCharsets.UTF_8);
        Instant now = Instant.ofEpochMilli(context().currentSystemTimeMs());
        FlagChange change;
        if (record.value() == null) {
            if (store.get(key) == null) {
                return; // the flag is already unset (govctl's deletion came first) or was never set
            }
            change = tombstone(key, source, now);
        } else {
            try {
                change = deserializer.deserialize(source.topic(), record.headers(), record.value());
                check(key, change);
            } catch (SerializationException | IllegalArgumentException e) { // not SchemaRegistryException: retry
                reject(record, source, key, e, now);
                return;
            }
        }
        apply(record, change, now);
    }

    private static void check(String key, FlagChange change) {
        String problem = FlagNames.problem(change.getName());
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        if (!key.equals(change.getName())) {
            throw new IllegalArgumentException("record key '" + key + "' is not the flag's name '" + change.getName() + "'");
        }
        if (change.getValue() instanceof FlagJson json) {
            FlagValues.parse(json.getJson(), FlagValues.Type.JSON);
        }
    }

    private void apply(Record<byte[], byte[]> record, FlagChange change, Instant now) {
        String name = change.getName();
        byte[] storedBytes = store.get(name);
        FlagChange stored = storedBytes == null ? null : FeatureFlags.decode(storedBytes);
        Object previous = stored == null ? null : stored.getValue();
        Object value = change.getValue();
        if (Objects.equals(previous, value)) {
            if (stored != null && SubjectRef.erasedRef(change.getAuthor()).isPresent() && !change.getAuthor().equals(stored.getAuthor())
                    && Identities.same(change.getAuthor(), stored.getAuthor())) {
                // The same change with its author erased (govctl ledger erase): the store's changelog no longer names them.
                store.put(name, FeatureFlags.encode(FlagChange.newBuilder(stored).setAuthor(change.getAuthor()).setNote(change.getNote())
                        .build()));
                LOG.info("Flag {}: the stored change no longer names its author (partition {})", name, context().taskId().partition());
                return;
            }
            LOG.info("Flag {} is already {}: nothing changed (partition {})", name, FlagValues.text(value), context().taskId().partition());
            return;
        }
        FlagChange applied = FlagChange.newBuilder(change)
                .setEnvelope(envelope(change.getEnvelope(), context().taskId().partition(), now))
                .setPreviousValue(previous)
                .build();
        if (value == null) {
            store.delete(name);
        } else {
            store.put(name, FeatureFlags.encode(applied));
        }
        FeatureFlags.changed(version);
        // No author: log lines hold no personal data (the ledger keeps the author, encrypted).
        LOG.info("Flag {}: {} -> {} in partition {}", name, FlagValues.text(previous), FlagValues.text(value), context().taskId().partition());
        LedgerFact fact = new LedgerFact(applied.getEnvelope(), LedgerEntryKind.STATE_CHANGE, FlagNames.subjectKey(name),
                FlagChange.getClassSchema().getFullName(), LedgerFact.avroBinary(applied));
        context().forward(new Record<>(name, PolicyUpdate.changed(fact), record.timestamp(), record.headers()));
    }

    /** One fact per partition: an event id of its own in each, derived so a replay yields the same. */
    private static Envelope envelope(Envelope in, int partition, Instant now) {
        String eventId = Envelopes.derivedId("govstream-flag-change:" + in.getEventId() + ":" + partition);
        return Envelopes.causedBy(in, eventId, "*", DispatchDecider.PRODUCER, now);
    }

    private static FlagChange tombstone(String name, RecordMetadata source, Instant now) {
        String eventId = Envelopes.derivedId("govstream-flag-tombstone:" + source.topic() + "/" + source.partition() + "/"
                + source.offset());
        return FlagChange.newBuilder()
                .setEnvelope(Envelopes.origin(eventId, eventId, "*", DispatchDecider.PRODUCER, now, null))
                .setName(name)
                .setValue(null)
                .setAuthor(TOMBSTONE_AUTHOR)
                .setChangedAt(now)
                .setNote("tombstone at " + source.topic() + "-" + source.partition() + "@" + source.offset())
                .build();
    }

    private void reject(Record<byte[], byte[]> record, RecordMetadata source, String key, Exception error, Instant now) {
        LOG.error("Rejected flag record {} at {}-{}@{}: {}", key, source.topic(), source.partition(), source.offset(), error.getMessage());
        context().forward(new Record<>(key, PolicyUpdate.rejected(record, source, error, now), record.timestamp(), record.headers()));
    }
}
