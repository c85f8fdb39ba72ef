package io.govstream.ledger;

import io.govstream.ledger.merkle.MerkleFrontier;
import java.time.Instant;
import java.util.Map;
import java.util.function.Consumer;

/** Hears a verification as it goes: each entry that extended a chain, and the end. */
public interface ChainObserver {

    ChainObserver NONE = (partition, offset, sequence, entryHash, frontier, appendedAt) -> { };

    /**
     * An entry extended the chain of {@code partition}.
     *
     * @param frontier   the Merkle frontier including this entry, or null once the partition's tree is
     *                   broken (an entry went missing, so leaf positions no longer match sequences)
     * @param appendedAt when the entry was appended (its envelope's {@code occurredAt}), null if it has none
     */
    void appended(int partition, long offset, long sequence, byte[] entryHash, MerkleFrontier frontier, Instant appendedAt);

    /**
     * The verifier hands over where the observer's own problems go (its report, keeping read order).
     * May be called again: later problems go to the latest sink (a {@link ConcurrentLedgerVerifier}
     * names, before each call, the report of the partition it is about).
     */
    default void attach(Consumer<Problem> problems) {
    }

    /** The replay ended; {@code partitions} is what it saw. */
    default void finished(Map<Integer, PartitionSummary> partitions) {
    }
}
