package io.govstream.governance.policy;

import io.govstream.events.Envelope;
import io.govstream.events.LedgerEntryKind;
import io.govstream.events.PolicyChanged;
import io.govstream.events.PolicyMode;
import io.govstream.events.PolicySetPublished;
import io.govstream.governance.deadletter.DeadLetters;
import io.govstream.ledger.LedgerFact;
import io.govstream.schemas.registry.SchemaRegistryException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts published policy sets in force in this task and records each change for the ledger.
 *
 * <p>The policies topic is co-partitioned with the dispatch requests and every publication is
 * written to every partition, so this processor runs in the same task as the decisions of the
 * same partition number: the store it writes is the one those decisions read (switch atomic per
 * decision: a decision sees the store before or after a record, never in between), and the
 * POLICY_CHANGE entry it emits goes through that task's ledger appender onto that partition's
 * chain, which has no other writer. Each chain thus records every policy change just before the
 * first decision that used it; the copies in the other partitions are deliberate.
 *
 * <p>A record that cannot be decoded or does not compile is rejected to the dead-letter topic and
 * the set in force stays; an older version of a set than the one in force is ignored. A
 * publication of the very set already in force (same id and content hash, e.g. the shipped
 * default published as version 1 at first start) is stored but not ledgered: nothing that
 * decides changed.
 */
public final class PolicyUpdateProcessor implements Processor<byte[], byte[], String, PolicyUpdate> {
    private static final Logger LOG = LoggerFactory.getLogger(PolicyUpdateProcessor.class);

    private final String storeName;
    private final Deserializer<PolicySetPublished> deserializer;
    private final CompiledPolicies compiled;
    private final PolicySource fallback;
    private ProcessorContext<String, PolicyUpdate> context;
    private KeyValueStore<String, byte[]> store;

    public PolicyUpdateProcessor(String storeName, Deserializer<PolicySetPublished> deserializer, CompiledPolicies compiled,
                                 PolicySource fallback) {
        this.storeName = Objects.requireNonNull(storeName, "storeName");
        this.deserializer = Objects.requireNonNull(deserializer, "deserializer");
        this.compiled = Objects.requireNonNull(compiled, "compiled");
        this.fallback = Objects.requireNonNull(fallback, "fallback");
    }

    @Override
    public void init(ProcessorContext<String, PolicyUpdate> context) {
        this.context = context;
        this.store = context.getStateStore(storeName);
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        RecordMetadata source = context.recordMetadata()
                .orElseThrow(() -> new StreamsException("A policy record must name its source, but there is no metadata"));
        String key = record.key() == null ? "" : new String(record.key(), StandardCharsets.UTF_8);
        if (record.value() == null) {
            return; // a tombstone deletes history on the topic; it changes nothing in force
        }
        PolicySetPublished published;
        PolicySet set;
        try {
            published = deserializer.deserialize(source.topic(), record.headers(), record.value());
            set = compiled.compile(published);
        } catch (SchemaRegistryException e) {
            if (e.status() >= 500) {
                throw e; // the registry, not the record: fail and retry
            }
            reject(record, source, key, e);
            return;
        } catch (SerializationException | PolicyLoadException e) {
            reject(record, source, key, e);
            return;
        }
        String storeKey = (set.isPromotion() ? PolicyKeys.PROMOTION_PREFIX : "") + PolicyKeys.storeKey(published);
        byte[] previousBytes = store.get(storeKey);
        PolicySetPublished previous = previousBytes == null ? null : deserializer.deserialize(source.topic(), previousBytes);
        if (previous != null && previous.getPolicySetId().equals(published.getPolicySetId())
                && previous.getVersion() >= published.getVersion()) {
            LOG.warn("Ignoring policy set {} v{} ({}): v{} is already in force", published.getPolicySetId(), published.getVersion(),
                    storeKey, previous.getVersion());
            return;
        }
        store.put(storeKey, record.value());
        Replaced replaced = previous != null ? new Replaced(previous.getPolicySetId(), previous.getVersion(), previous.getContentHash())
                : published.getTenantScope() == null && published.getMode() == PolicyMode.ACTIVE
                ? Replaced.of(set.isPromotion() ? PolicyLoader.loadResource(PolicyLoader.DEFAULT_PROMOTION_RESOURCE) : fallback.current()) : null;
        if (replaced != null && replaced.id().equals(set.id()) && replaced.hash().equals(set.contentHash())) {
            // Same set, same hash (e.g. the shipped default published as its own version 1): nothing that decides changed.
            LOG.info("Policy set {} v{} ({}) published for scope {}: already in force, no change to ledger", set.id(), set.version(),
                    set.contentHash(), set.scope());
            return;
        }
        LOG.info("Policy set {} v{} ({}, {}) in force for scope {} in partition {}, published by {}", set.id(), set.version(),
                set.contentHash(), published.getMode(), set.scope(), source.partition(), published.getAuthor());
        context.forward(new Record<>(key, PolicyUpdate.changed(fact(published, replaced, source.partition())), record.timestamp(),
                record.headers()));
    }

    private LedgerFact fact(PolicySetPublished published, Replaced replaced, int partition) {
        Envelope in = published.getEnvelope();
        // One change fact per partition: an event id of its own in each, derived so a replay yields the same.
        String eventId = UUID.nameUUIDFromBytes(("govstream-policy-change:" + in.getEventId() + ":" + partition)
                .getBytes(StandardCharsets.UTF_8)).toString();
        PolicyChanged.Builder changed = PolicyChanged.newBuilder()
                .setEnvelope(Envelope.newBuilder()
                        .setEventId(eventId)
                        .setCorrelationId(in.getCorrelationId())
                        .setCausationId(in.getEventId())
                        .setTenant(PolicyKeys.scope(published.getTenantScope()))
                        .setOccurredAt(Instant.ofEpochMilli(context.currentSystemTimeMs()))
                        .setProducer(DeadLetters.PRODUCER)
                        .setTraceparent(in.getTraceparent())
                        .build())
                .setPolicySetId(published.getPolicySetId())
                .setVersion(published.getVersion())
                .setTenantScope(published.getTenantScope())
                .setMode(published.getMode())
                .setAuthor(published.getAuthor())
                .setPublishedAt(published.getPublishedAt())
                .setPublishedEventId(in.getEventId())
                .setNewHash(published.getContentHash())
                .setNote(published.getNote());
        if (replaced != null) {
            // The set in force in this scope before: the previous publication, or for the first global one the shipped default.
            changed.setPreviousPolicySetId(replaced.id())
                    .setPreviousVersion(replaced.version())
                    .setPreviousHash(replaced.hash());
        }
        PolicyChanged value = changed.build();
        return new LedgerFact(value.getEnvelope(), LedgerEntryKind.POLICY_CHANGE, PolicyKeys.topicKey(published),
                PolicyChanged.getClassSchema().getFullName(), LedgerFact.avroBinary(value));
    }

    /** The set a publication replaces in its scope. */
    private record Replaced(String id, Integer version, String hash) {
        static Replaced of(PolicySet set) {
            Integer version;
            try {
                version = Integer.valueOf(set.version());
            } catch (NumberFormatException e) {
                version = null;
            }
            return new Replaced(set.id(), version, set.contentHash());
        }
    }

    private void reject(Record<byte[], byte[]> record, RecordMetadata source, String key, Exception error) {
        LOG.error("Rejected policy record {} at {}-{}@{}: {}", key, source.topic(), source.partition(), source.offset(), error.getMessage());
        String message = error.getMessage() == null ? error.toString() : error.getMessage();
        context.forward(new Record<>(key, PolicyUpdate.rejected(DeadLetters.of(source.topic(), source.partition(), source.offset(),
                record.key(), record.value(), error.getClass().getName(), message, record.headers(),
                Instant.ofEpochMilli(context.currentSystemTimeMs()))), record.timestamp(), record.headers()));
    }
}
