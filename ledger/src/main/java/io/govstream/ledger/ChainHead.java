package io.govstream.ledger;

import io.govstream.events.LedgerEntry;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * Where a partition's chain stands: the sequence the next entry gets and the hash it must link to.
 *
 * @param partition    ledger partition of the chain
 * @param nextSequence sequence of the next entry (0 for an empty chain)
 * @param lastHash     hash of the last entry; {@link ChainHasher#GENESIS_HASH} for an empty chain
 */
public record ChainHead(int partition, long nextSequence, byte[] lastHash) {

    public ChainHead {
        if (partition < 0) {
            throw new IllegalArgumentException("partition must be >= 0, was " + partition);
        }
        if (nextSequence < 0) {
            throw new IllegalArgumentException("nextSequence must be >= 0, was " + nextSequence);
        }
        if (lastHash == null || lastHash.length != ChainHasher.HASH_LENGTH) {
            throw new IllegalArgumentException("lastHash must be " + ChainHasher.HASH_LENGTH + " bytes");
        }
        lastHash = lastHash.clone();
    }

    /** The head of an empty chain. */
    public static ChainHead genesis(int partition) {
        return new ChainHead(partition, 0, ChainHasher.GENESIS_HASH);
    }

    /** The head once {@code entry} has been appended. */
    public static ChainHead after(LedgerEntry entry) {
        return new ChainHead(entry.getPartition(), entry.getSequence() + 1, Bytes.of(entry.getHash()));
    }

    @Override
    public byte[] lastHash() {
        return lastHash.clone();
    }

    public String lastHashHex() {
        return HexFormat.of().formatHex(lastHash);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ChainHead h && h.partition == partition && h.nextSequence == nextSequence
                && Arrays.equals(h.lastHash, lastHash);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * partition + Long.hashCode(nextSequence)) + Arrays.hashCode(lastHash);
    }

    @Override
    public String toString() {
        return "ChainHead[partition=" + partition + ", nextSequence=" + nextSequence + ", lastHash=" + lastHashHex() + "]";
    }
}
