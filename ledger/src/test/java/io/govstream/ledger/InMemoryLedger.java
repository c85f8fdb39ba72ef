package io.govstream.ledger;

import io.govstream.events.LedgerEntry;
import io.govstream.schemas.registry.InMemorySchemaRegistryClient;
import io.govstream.schemas.serde.AvroSerde;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.ToLongFunction;

/**
 * A {@link LedgerStore} held in a list, in the order records were stored: for tests and
 * benchmarks. Appends are atomic under the store's lock, so of concurrent appends naming the same
 * head exactly one wins. It hands records over in batches of consecutive records of one partition,
 * at most {@link #BATCH} at a time, as a Kafka consumer's polls do.
 */
public final class InMemoryLedger implements LedgerStore {
    /** The Kafka consumer's default max.poll.records. */
    public static final int BATCH = 500;
    private static final String NAME = "in-memory ledger";

    private final List<LedgerRecord> records = new ArrayList<>();
    private final int partitions;
    private final LedgerCodec codec;

    /** A ledger with as many partitions as its records name. */
    public InMemoryLedger() {
        this(0);
    }

    /**
     * @param partitions at least this many partitions, however few its records name; entries are stored in the wire format
     *                   of a registry of the ledger's own
     */
    public InMemoryLedger(int partitions) {
        if (partitions < 0) {
            throw new IllegalArgumentException("partitions must be >= 0, was " + partitions);
        }
        this.partitions = partitions;
        this.codec = LedgerCodec.avro(AvroSerde.forValue(LedgerEntry.class, new InMemorySchemaRegistryClient()), "ledger");
    }

    /** Stores a record as it is, unchecked, as a producer with write access to the topic could: for tampered ledgers in tests. */
    public synchronized void add(LedgerRecord record) {
        records.add(record);
        notifyAll();
    }

    @Override
    public synchronized int partitionCount() {
        return Math.max(partitions, records.stream().mapToInt(LedgerRecord::partition).max().orElse(-1) + 1);
    }

    @Override
    public synchronized ChainHead first(int partition) {
        return records.stream().filter(r -> r.partition() == partition).findFirst().map(r -> codec.decode(r.value()))
                .map(e -> new ChainHead(partition, e.getSequence(), Bytes.of(e.getPrevHash()))).orElse(ChainHead.genesis(partition));
    }

    @Override
    public synchronized ChainHead latest(int partition) {
        for (int i = records.size() - 1; i >= 0; i--) {
            if (records.get(i).partition() == partition) {
                return ChainHead.after(codec.decode(records.get(i).value()));
            }
        }
        return ChainHead.genesis(partition);
    }

    @Override
    public synchronized ChainHead append(int partition, ChainHead expectedHead, List<LedgerEntry> entries) {
        if (expectedHead.partition() != partition) {
            throw new IllegalArgumentException("the head of partition " + expectedHead.partition() + " named for partition " + partition);
        }
        if (partition < 0 || partition >= partitionCount()) {
            throw new IllegalArgumentException(NAME + " has no partition " + partition + ", it has " + partitionCount());
        }
        ChainHead after = LedgerChain.link(expectedHead, entries);
        ChainHead actual = latest(partition);
        if (!actual.equals(expectedHead)) {
            throw new LedgerConflictException(NAME, expectedHead, actual);
        }
        long offset = records.stream().filter(r -> r.partition() == partition).mapToLong(LedgerRecord::offset).max().orElse(-1) + 1;
        for (LedgerEntry entry : entries) {
            records.add(new LedgerRecord(partition, offset++, codec.encode(entry)));
        }
        notifyAll();
        return after;
    }

    @Override
    public long replay(int partition, long fromSequence, Consumer<LedgerEntry> entries) {
        List<LedgerRecord> snapshot;
        synchronized (this) {
            snapshot = List.copyOf(records);
        }
        return handOver(snapshot, partition, fromSequence, entries);
    }

    @Override
    public Tail tail(int partition, long fromSequence, Consumer<LedgerEntry> entries) {
        return new TailThread(NAME + " tail " + partition) {
            private int next; // index of the first record not yet looked at

            @Override
            void poll() {
                List<LedgerRecord> arrived;
                synchronized (InMemoryLedger.this) {
                    while (running() && next == records.size()) {
                        try {
                            InMemoryLedger.this.wait();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            throw new LedgerReadException("tail of partition " + partition + " interrupted");
                        }
                    }
                    arrived = List.copyOf(records.subList(next, records.size()));
                    next = records.size();
                }
                // Handed over outside the lock: a slow consumer must not hold up appends.
                handOver(arrived, partition, fromSequence, e -> {
                    if (running()) {
                        entries.accept(e);
                    }
                });
            }

            @Override
            void wake() {
                synchronized (InMemoryLedger.this) {
                    InMemoryLedger.this.notifyAll();
                }
            }
        }.start();
    }

    private long handOver(List<LedgerRecord> stored, int partition, long fromSequence, Consumer<LedgerEntry> entries) {
        long handed = 0;
        for (LedgerRecord record : stored) {
            if (record.partition() == partition) {
                LedgerEntry entry = codec.decode(record.value());
                if (entry.getSequence() >= fromSequence) {
                    entries.accept(entry);
                    handed++;
                }
            }
        }
        return handed;
    }

    @Override
    public String toString() {
        return NAME;
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
