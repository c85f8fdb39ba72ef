package io.govstream.ledger;

import io.govstream.events.Envelope;
import io.govstream.events.LedgerEntry;
import io.govstream.schemas.Envelopes;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * Builds the next entry of a partition's hash chain. Pure: no clock, no I/O.
 *
 * <p>The entry's own envelope keeps the fact's correlation id, tenant and traceparent, names the
 * fact as its cause, and gets an event id derived from the fact's event id, so re-recording the
 * same fact after a retry yields the same entry id.
 */
public final class LedgerChain {

    private final String producer;

    /** @param producer the envelope producer of the entries, e.g. {@code governance-streams} */
    public LedgerChain(String producer) {
        this.producer = Objects.requireNonNull(producer, "producer");
    }

    public LedgerEntry next(ChainHead head, LedgerFact fact, Instant appendedAt) {
        Envelope factEnvelope = fact.envelope();
        Envelope envelope = Envelopes.causedBy(factEnvelope, entryId(factEnvelope.getEventId()), producer, appendedAt);
        byte[] payload = fact.payload();
        LedgerEntry entry = LedgerEntry.newBuilder()
                .setEnvelope(envelope)
                .setPartition(head.partition())
                .setSequence(head.nextSequence())
                .setKind(fact.kind())
                .setSubjectKey(fact.subjectKey())
                .setPayloadType(fact.payloadType())
                .setPayload(ByteBuffer.wrap(payload))
                .setPayloadHash(ByteBuffer.wrap(ChainHasher.sha256(payload)))
                .setPrevHash(ByteBuffer.wrap(head.lastHash()))
                .setHash(ByteBuffer.wrap(ChainHasher.genesisHash())) // placeholder: hash ignores this field
                .build();
        entry.setHash(ByteBuffer.wrap(ChainHasher.hash(entry)));
        return entry;
    }

    static String entryId(String factEventId) {
        return UUID.nameUUIDFromBytes(("govstream-ledger-entry:" + factEventId).getBytes(StandardCharsets.UTF_8)).toString();
    }
}
