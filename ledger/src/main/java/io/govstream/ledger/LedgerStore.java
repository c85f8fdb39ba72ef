package io.govstream.ledger;

import io.govstream.events.LedgerEntry;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.ToLongFunction;

/**
 * Where the ledger is kept: per partition an append-only hash chain that grows only by entries
 * linking to its head. Appends are optimistic: the writer names the head it extends, and the store
 * refuses the append if another writer moved it first, so a partition's chain can never fork.
 * Implemented by {@link KafkaLedgerStore} and the tests' {@code InMemoryLedger}; both pass the same contract
 * test. The Streams appender ({@link LedgerAppendProcessor}) writes in its own transaction instead,
 * building its entries with the same {@link LedgerChain}.
 *
 * <p>Entry-level methods ({@link #append}, {@link #replay}, {@link #tail}) hand over decoded
 * entries; the record-level ones ({@link #replayBatches}, {@link #offsetOfSequence}) hand over what
 * is stored, undecoded, because a verifier must also see records that are not entries at all.
 */
public interface LedgerStore {

    /** Number of partitions of the ledger. */
    int partitionCount();

    /**
     * Where the partition's stored chain starts: the head its first stored entry links to. Genesis
     * for an empty partition and for one holding its whole chain; later only where older entries
     * were deleted.
     */
    ChainHead first(int partition);

    /** The head the next append to {@code partition} must name: after its last entry, genesis if it has none. */
    ChainHead latest(int partition);

    /**
     * Appends {@code entries} to {@code partition}, all or none, if its head is still {@code expectedHead}.
     * An empty list writes nothing but still checks the head.
     *
     * @return the head after the last entry
     * @throws LedgerConflictException if the partition's head is another one; nothing was appended
     * @throws IllegalArgumentException if the entries do not chain from {@code expectedHead}
     *                                  ({@link LedgerChain#link}); nothing was appended
     */
    ChainHead append(int partition, ChainHead expectedHead, List<LedgerEntry> entries);

    /**
     * Hands the partition's entries with a sequence of at least {@code fromSequence}, in order, up to its
     * last entry when the replay starts.
     *
     * @return how many were handed over
     */
    long replay(int partition, long fromSequence, Consumer<LedgerEntry> entries);

    /**
     * Hands the partition's entries with a sequence of at least {@code fromSequence} to {@code entries}
     * as they are stored, without end, on a thread of its own, in order; the ones already stored first.
     * Every entry appended after this returns is handed over.
     *
     * @return the handle that stops it
     */
    Tail tail(int partition, long fromSequence, Consumer<LedgerEntry> entries);

    /**
     * The offset of the first record of {@code partition} whose sequence is at least {@code sequence};
     * empty if none. {@code sequenceOf} reads the sequence from a record value.
     */
    OptionalLong offsetOfSequence(int partition, long sequence, ToLongFunction<byte[]> sequenceOf);

    /**
     * Hands the records of some partitions, from given offsets to the end seen when the replay starts, to {@code batches}:
     * each batch holds records of one partition in offset order, and each partition's batches come in order.
     *
     * @param onlyPartitions the partitions to read, or null for all
     * @param startOffsets   where to start per partition; absent partitions start at their first offset
     * @return the number of records handed over
     */
    long replayBatches(Set<Integer> onlyPartitions, Map<Integer, Long> startOffsets, Consumer<List<LedgerRecord>> batches);

    /** Hands every record from the first offset to the end to {@code handler}, in order within each partition; returns how many. */
    default long replayFromStart(Consumer<LedgerRecord> handler) {
        return replayBatches(null, Map.of(), batch -> batch.forEach(handler));
    }

    /** A running {@link #tail}. */
    interface Tail extends AutoCloseable {

        /**
         * Stops the tail; once this returns nothing more is handed over. May be called from the tail's own
         * consumer.
         *
         * @throws LedgerReadException if the tail had stopped on its own because reading or handing over failed
         */
        @Override
        void close();
    }
}
