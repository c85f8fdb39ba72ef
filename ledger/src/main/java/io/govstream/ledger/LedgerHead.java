package io.govstream.ledger;

import io.govstream.events.LedgerEntry;
import io.govstream.ledger.merkle.MerkleFrontier;
import java.util.Objects;

/**
 * Everything the single writer of a ledger partition needs to append: the hash-chain head and
 * the Merkle frontier over the same entries (leaf i = entry of sequence i). Kept per partition in
 * the {@link LedgerAppendProcessor#HEADS_STORE} store.
 *
 * @param chain    the chain head
 * @param frontier the Merkle frontier of size {@code chain.nextSequence()}, or null when unknown
 *                 (read from a version-1 store value, written before the ledger kept a tree)
 */
public record LedgerHead(ChainHead chain, MerkleFrontier frontier) {

    public LedgerHead {
        Objects.requireNonNull(chain, "chain");
        if (frontier != null && frontier.size() != chain.nextSequence()) {
            throw new IllegalArgumentException("frontier of size " + frontier.size() + " for a chain of "
                    + chain.nextSequence() + " entries");
        }
    }

    public static LedgerHead genesis(int partition) {
        return new LedgerHead(ChainHead.genesis(partition), MerkleFrontier.empty());
    }

    /** The head once {@code entry} (the next entry of this chain) has been appended. */
    public LedgerHead after(LedgerEntry entry) {
        byte[] hash = Bytes.of(entry.getHash());
        return new LedgerHead(ChainHead.after(entry), frontier == null ? null : frontier.append(hash));
    }

    public int partition() {
        return chain.partition();
    }

    /** Number of entries in the chain = Merkle tree size. */
    public long size() {
        return chain.nextSequence();
    }

    public boolean hasFrontier() {
        return frontier != null;
    }
}
