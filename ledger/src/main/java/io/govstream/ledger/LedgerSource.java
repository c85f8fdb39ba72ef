package io.govstream.ledger;

import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.ToLongFunction;

/** Where a full verification ({@link io.govstream.ledger.audit.LedgerAudit}) reads the ledger: its topic ({@link KafkaLedgerReader}) or records held in memory. */
public interface LedgerSource {

    /** Number of partitions of the ledger. */
    int partitionCount();

    /**
     * The offset of the first record of {@code partition} whose sequence is at least {@code sequence}; empty if none.
     * {@code sequenceOf} reads the sequence from a record value.
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
}
