package io.govstream.ledger;

import io.govstream.events.Envelope;
import io.govstream.events.LedgerEntry;
import io.govstream.schemas.Envelopes;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * Builds the next entry of a partition's hash chain ({@link #next}) and checks that an entry is one
 * ({@link #link}): the Streams appender builds with it, and a {@link LedgerStore} takes only what
 * {@link #link} accepts, so both grow the same chain. Pure: no clock, no I/O.
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
        Envelope envelope = Envelopes.causedBy(factEnvelope, Envelopes.derivedId("govstream-ledger-entry:" + factEnvelope.getEventId()),
                producer, appendedAt);
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

    /**
     * The head once {@code entry} is appended to the chain at {@code head}, if it is the chain's next link as
     * {@link #next} builds it: same partition, the head's next sequence, linking to the head's hash, with
     * hash and payload hash matching its content.
     *
     * @throws IllegalArgumentException naming what breaks the chain
     */
    public static ChainHead link(ChainHead head, LedgerEntry entry) {
        String broken = entry.getPartition() != head.partition() ? "belongs to partition " + entry.getPartition()
                : entry.getSequence() != head.nextSequence() ? "has sequence " + entry.getSequence()
                : !Arrays.equals(Bytes.of(entry.getPrevHash()), head.lastHash()) ? "links to "
                        + HexFormat.of().formatHex(Bytes.of(entry.getPrevHash()))
                : !Arrays.equals(Bytes.of(entry.getHash()), ChainHasher.hash(entry)) ? "has a hash that is not its content's"
                : !Arrays.equals(Bytes.of(entry.getPayloadHash()), ChainHasher.sha256(Bytes.of(entry.getPayload())))
                        ? "has a payload that is not its payload hash's"
                : null;
        if (broken != null) {
            throw new IllegalArgumentException("entry " + entry.getEnvelope().getEventId() + " does not chain from " + head
                    + ": it " + broken);
        }
        return ChainHead.after(entry);
    }

    /** As {@link #link}, for entries that follow one another: the head after the last. */
    public static ChainHead link(ChainHead head, List<LedgerEntry> entries) {
        ChainHead linked = head;
        for (LedgerEntry entry : entries) {
            linked = link(linked, entry);
        }
        return linked;
    }
}
