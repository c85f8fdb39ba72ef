package io.govstream.ledger;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.ToLongFunction;

/**
 * A ledger held in a list, in the order records were added: for tests, exports and benchmarks.
 * As a {@link LedgerSource} it hands records over in batches of consecutive records of one
 * partition, at most {@link #BATCH} at a time, as a Kafka consumer's polls do.
 */
public final class InMemoryLedger implements LedgerReplay, LedgerSource {
    /** The Kafka consumer's default max.poll.records. */
    public static final int BATCH = 500;

    private final List<LedgerRecord> records = new ArrayList<>();

    public synchronized void add(LedgerRecord record) {
        records.add(record);
    }

    @Override
    public synchronized long replayFromStart(Consumer<LedgerRecord> handler) {
        List<LedgerRecord> snapshot = List.copyOf(records);
        snapshot.forEach(handler);
        return snapshot.size();
    }

    @Override
    public synchronized int partitionCount() {
        return records.stream().mapToInt(LedgerRecord::partition).max().orElse(-1) + 1;
    }

    @Override
    public synchronized OptionalLong offsetOfSequence(int partition, long sequence, ToLongFunction<byte[]> sequenceOf) {
        return records.stream().filter(r -> r.partition() == partition && sequenceOf.applyAsLong(r.value()) >= sequence)
                .mapToLong(LedgerRecord::offset).findFirst();
    }

    @Override
    public synchronized long replayBatches(Set<Integer> onlyPartitions, Map<Integer, Long> startOffsets,
                                           Consumer<List<LedgerRecord>> batches) {
        List<LedgerRecord> snapshot = List.copyOf(records);
        long read = 0;
        List<LedgerRecord> batch = new ArrayList<>(BATCH);
        for (LedgerRecord record : snapshot) {
            if ((onlyPartitions != null && !onlyPartitions.contains(record.partition()))
                    || record.offset() < startOffsets.getOrDefault(record.partition(), Long.MIN_VALUE)) {
                continue;
            }
            if (!batch.isEmpty() && (batch.size() == BATCH || batch.get(0).partition() != record.partition())) {
                batches.accept(batch);
                batch = new ArrayList<>(BATCH);
            }
            batch.add(record);
            read++;
        }
        if (!batch.isEmpty()) {
            batches.accept(batch);
        }
        return read;
    }
}
