package io.govstream.governance.policy;

import io.govstream.governance.routing.Broadcast;
import io.govstream.policy.PolicyLoader;
import io.govstream.policy.PolicyKeys;
import io.govstream.policy.PolicySet;
import io.govstream.policy.CompiledPolicies;
import io.govstream.policy.PolicySource;

import io.govstream.events.Envelope;
import io.govstream.schemas.Envelopes;
import io.govstream.events.LedgerEntryKind;
import io.govstream.events.PolicyChanged;
import io.govstream.events.PolicyMode;
import io.govstream.events.PolicySetPublished;
import io.govstream.governance.dispatch.DispatchDecider;
import io.govstream.ledger.LedgerFact;
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
 * Puts published policy sets in force in this task and records each change for the ledger.
 *
 * <p>Every publication is copied to every task ({@link Broadcast}), and this processor runs in the
 * same task as the decisions of the same partition number: the store it writes is the one those decisions read (switch atomic per
 * decision: a decision sees the store before or after a record, never in between), and the
 * POLICY_CHANGE entry it emits goes through that task's ledger appender onto that partition's
 * chain, which has no other writer. Each chain thus records every policy change just before the
 * first decision that used it; the copies in the other chains are deliberate. A rejected record is
 * dead-lettered under the topic, partition and offset its producer wrote.
 *
 * <p>A record that cannot be decoded or does not compile is rejected to the dead-letter topic and
 * the set in force stays; an older version of a set than the one in force is ignored. A
 * publication of the very set already in force (same id and content hash, e.g. the shipped
 * default published as version 1 at first start) is stored but not ledgered: nothing that
 * decides changed.
 *
 * <p>Shadow sets (mode SHADOW) are stored under {@code shadow/<scope>}, beside the active set of
 * their scope. A shadow stops being evaluated when a withdrawal of it is published ({@code withdrawn},
 * govctl policy unshadow) or when the same set id is published ACTIVE in its scope (promotion);
 * either way a POLICY_CHANGE entry with {@code withdrawn = true} records it.
 */
public final class PolicyUpdateProcessor extends ContextualProcessor<byte[], byte[], String, PolicyUpdate> {
    private static final Logger LOG = LoggerFactory.getLogger(PolicyUpdateProcessor.class);

    private final String storeName;
    private final Deserializer<PolicySetPublished> deserializer;
    private final CompiledPolicies compiled;
    private final PolicySource fallback;
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
        super.init(context);
        this.store = context.getStateStore(storeName);
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        RecordMetadata source = Broadcast.origin(context(), record.headers());
        String key = record.key() == null ? "" : new String(record.key(), StandardCharsets.UTF_8);
        if (record.value() == null) {
            return; // a tombstone deletes history on the topic; it changes nothing in force
        }
        PolicySetPublished published;
        PolicySet set;
        try {
            published = deserializer.deserialize(source.topic(), record.headers(), record.value());
        } catch (SerializationException e) { // not SchemaRegistryException: the registry failed, retry
            reject(record, source, key, e);
            return;
        }
        try {
            set = compiled.compile(published);
        } catch (RuntimeException e) {
            // Compiling reads the publication and nothing else: whatever it throws, the publication is what is wrong,
            // and one bad publication, from any writer of the topic, must not stop every decision after it.
            reject(record, source, key, e);
            return;
        }
        String storeKey = (set.isPromotion() ? PolicyKeys.PROMOTION_PREFIX : "") + PolicyKeys.storeKey(published);
        if (published.getMode() == PolicyMode.SHADOW && published.getWithdrawn()) {
            withdraw(record, source, key, published, storeKey);
            return;
        }
        PolicySetPublished previous = stored(source, storeKey);
        if (previous != null && erasureRewrite(previous, published)) {
            // The same publication with its author erased (govctl ledger erase): keep that copy, so the store's
            // changelog no longer names them. Nothing that decides changed: no ledger entry.
            store.put(storeKey, record.value());
            LOG.info("Policy set {} v{} ({}): the stored publication no longer names its author", published.getPolicySetId(),
                    published.getVersion(), storeKey);
            return;
        }
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
        // No author: log lines hold no personal data (the ledger keeps the author, encrypted).
        LOG.info("Policy set {} v{} ({}, {}) in force for scope {} in partition {}", set.id(), set.version(),
                set.contentHash(), published.getMode(), set.scope(), context().taskId().partition());
        forward(record, key, PolicyUpdate.changed(fact(published, replaced, set.isPromotion())));
        if (published.getMode() == PolicyMode.ACTIVE) {
            endPromotedShadow(record, source, key, published);
        }
    }

    /** An explicit withdrawal: the shadow set in force in the scope stops being evaluated, if it is the one named. */
    private void withdraw(Record<byte[], byte[]> record, RecordMetadata source, String key, PolicySetPublished withdrawal,
                          String storeKey) {
        PolicySetPublished inForce = stored(source, storeKey);
        if (inForce == null || !inForce.getPolicySetId().equals(withdrawal.getPolicySetId())
                || inForce.getVersion() >= withdrawal.getVersion()) {
            LOG.warn("Ignoring withdrawal of shadow set {} v{} ({}): {}", withdrawal.getPolicySetId(), withdrawal.getVersion(), storeKey,
                    inForce == null ? "no shadow set is in force" : "in force is " + inForce.getPolicySetId() + " v" + inForce.getVersion());
            return;
        }
        store.delete(storeKey);
        LOG.info("Shadow set {} v{} withdrawn from scope {} in partition {}", inForce.getPolicySetId(), inForce.getVersion(),
                PolicyKeys.scope(inForce.getTenantScope()), context().taskId().partition());
        forward(record, key, PolicyUpdate.changed(withdrawal(inForce, withdrawal, withdrawal.getNote(),
                storeKey.startsWith(PolicyKeys.PROMOTION_PREFIX) ? "promotion" : "dispatch")));
    }

    /** Promotion: once a set is ACTIVE in a scope, its shadow there has nothing left to measure. */
    private void endPromotedShadow(Record<byte[], byte[]> record, RecordMetadata source, String key, PolicySetPublished active) {
        String shadowKey = PolicyKeys.SHADOW_PREFIX + PolicyKeys.scope(active.getTenantScope());
        PolicySetPublished shadow = stored(source, shadowKey);
        if (shadow == null || !shadow.getPolicySetId().equals(active.getPolicySetId())) {
            return;
        }
        store.delete(shadowKey);
        LOG.info("Shadow set {} v{} ended in scope {}: {} v{} is active", shadow.getPolicySetId(), shadow.getVersion(),
                PolicyKeys.scope(shadow.getTenantScope()), active.getPolicySetId(), active.getVersion());
        forward(record, key, PolicyUpdate.changed(withdrawal(shadow, active, "promoted: active as v" + active.getVersion(), "dispatch")));
    }

    /** The publication stored under {@code storeKey}, or null. */
    private PolicySetPublished stored(RecordMetadata source, String storeKey) {
        byte[] bytes = store.get(storeKey);
        return bytes == null ? null : deserializer.deserialize(source.topic(), bytes);
    }

    /** The ledger fact of a shadow set that stops being evaluated: the set, and the publication that ended it. */
    private LedgerFact withdrawal(PolicySetPublished shadow, PolicySetPublished cause, String note, String kind) {
        return fact(cause, changed(shadow, cause, "govstream-shadow-withdrawn:", kind)
                .setMode(PolicyMode.SHADOW)
                .setPreviousPolicySetId(shadow.getPolicySetId())
                .setPreviousVersion(shadow.getVersion())
                .setPreviousHash(shadow.getContentHash())
                .setNote(note)
                .setWithdrawn(true)
                .build());
    }

    private LedgerFact fact(PolicySetPublished published, Replaced replaced, boolean promotion) {
        PolicyChanged.Builder changed = changed(published, published, "govstream-policy-change:", promotion ? "promotion" : "dispatch")
                .setMode(published.getMode())
                .setNote(published.getNote());
        if (replaced != null) {
            // The set in force in this scope before: the previous publication, or for the first global one the shipped default.
            changed.setPreviousPolicySetId(replaced.id())
                    .setPreviousVersion(replaced.version())
                    .setPreviousHash(replaced.hash());
        }
        return fact(published, changed.build());
    }

    /** The change of {@code set} that the publication {@code cause} (the set's own, or the one that ended it) makes in this partition. */
    private PolicyChanged.Builder changed(PolicySetPublished set, PolicySetPublished cause, String idPrefix, String kind) {
        Envelope in = cause.getEnvelope();
        // One change fact per partition: an event id of its own in each, derived so a replay yields the same.
        String eventId = Envelopes.derivedId(idPrefix + in.getEventId() + ":" + context().taskId().partition());
        return PolicyChanged.newBuilder()
                .setEnvelope(Envelopes.causedBy(in, eventId, PolicyKeys.scope(cause.getTenantScope()), DispatchDecider.PRODUCER,
                        Instant.ofEpochMilli(context().currentSystemTimeMs())))
                .setPolicySetId(set.getPolicySetId())
                .setVersion(set.getVersion())
                .setTenantScope(set.getTenantScope())
                .setAuthor(cause.getAuthor())
                .setPublishedAt(cause.getPublishedAt())
                .setPublishedEventId(in.getEventId())
                .setNewHash(set.getContentHash())
                .setKind(kind);
    }

    private static LedgerFact fact(PolicySetPublished cause, PolicyChanged value) {
        return new LedgerFact(value.getEnvelope(), LedgerEntryKind.POLICY_CHANGE, PolicyKeys.topicKey(cause),
                PolicyChanged.getClassSchema().getFullName(), LedgerFact.avroBinary(value));
    }

    private void forward(Record<byte[], byte[]> record, String key, PolicyUpdate update) {
        context().forward(new Record<>(key, update, record.timestamp(), record.headers()));
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
        forward(record, key, PolicyUpdate.rejected(record, source, error, Instant.ofEpochMilli(context().currentSystemTimeMs())));
    }

    /** Whether {@code published} is {@code inForce} again, its author erased from it in place and nothing else changed. */
    static boolean erasureRewrite(PolicySetPublished inForce, PolicySetPublished published) {
        return inForce.getPolicySetId().equals(published.getPolicySetId()) && inForce.getVersion() == published.getVersion()
                && inForce.getContentHash().equals(published.getContentHash()) && inForce.getMode() == published.getMode()
                && inForce.getWithdrawn() == published.getWithdrawn()
                && io.govstream.schemas.gdpr.SubjectRef.erasedRef(published.getAuthor()).isPresent()
                && io.govstream.policy.Identities.same(published.getAuthor(), inForce.getAuthor())
                && !published.getAuthor().equals(inForce.getAuthor());
    }
}
