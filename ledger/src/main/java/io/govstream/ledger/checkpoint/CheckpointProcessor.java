package io.govstream.ledger.checkpoint;

import io.govstream.events.LedgerCheckpoint;
import io.govstream.events.LedgerEntry;
import io.govstream.ledger.LedgerAppendProcessor;
import io.govstream.ledger.LedgerHead;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.processor.Cancellable;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * Sits right after the {@link LedgerAppendProcessor}, in the same task: it reads the head and
 * Merkle frontier the appender keeps in {@link LedgerAppendProcessor#HEADS_STORE} and, every
 * {@link CheckpointPolicy#everyEntries()} entries or every {@link CheckpointPolicy#interval()},
 * forwards a signed {@link LedgerCheckpoint} of the partition (key = partition number). Its
 * output is part of the same exactly-once transaction as the entries it covers, and only the
 * partition's single writer ever checkpoints that partition.
 *
 * <p>Connect the heads store by name when wiring it (see {@link #supplier}).
 *
 * <p>Per entry it only compares the entry's sequence with the partition's last checkpoint size,
 * kept in memory in front of {@link #MARKS_STORE} (this processor is the store's only writer, so
 * the copy is exact; it is reloaded from the store whenever the task is initialised). The heads
 * store is read, and its head checked against the entry, only when a checkpoint is due: reading
 * and decoding the head and frontier for every entry cost a measurable share of the task's time
 * (docs/benchmarks.md).
 */
public final class CheckpointProcessor extends ContextualProcessor<String, LedgerEntry, String, LedgerCheckpoint> {

    /** Size of each partition's last checkpoint (key = ledger partition). */
    public static final String MARKS_STORE = "ledger-checkpoint-marks";

    private final String ledgerTopic;
    private final CheckpointSigner signer;
    private final CheckpointPolicy policy;
    private final String producer;
    private KeyValueStore<Integer, LedgerHead> heads;
    private KeyValueStore<Integer, Long> marks;
    private final Map<Integer, Long> markCache = new HashMap<>();
    private Cancellable punctuation;

    public CheckpointProcessor(String ledgerTopic, CheckpointSigner signer, CheckpointPolicy policy, String producer) {
        this.ledgerTopic = Objects.requireNonNull(ledgerTopic, "ledgerTopic");
        this.signer = Objects.requireNonNull(signer, "signer");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.producer = Objects.requireNonNull(producer, "producer");
    }

    /**
     * A supplier that adds the {@link #MARKS_STORE} store. The {@link LedgerAppendProcessor#HEADS_STORE}
     * store belongs to the appender: pass its name to {@code KStream.process(supplier, named, HEADS_STORE)}.
     */
    public static ProcessorSupplier<String, LedgerEntry, String, LedgerCheckpoint> supplier(
            String ledgerTopic, CheckpointSigner signer, CheckpointPolicy policy, String producer) {
        return new ProcessorSupplier<>() {
            @Override
            public Processor<String, LedgerEntry, String, LedgerCheckpoint> get() {
                return new CheckpointProcessor(ledgerTopic, signer, policy, producer);
            }

            @Override
            public Set<StoreBuilder<?>> stores() {
                return Set.of(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(MARKS_STORE), Serdes.Integer(), Serdes.Long()));
            }
        };
    }

    @Override
    public void init(ProcessorContext<String, LedgerCheckpoint> context) {
        super.init(context);
        this.heads = context.getStateStore(LedgerAppendProcessor.HEADS_STORE);
        this.marks = context.getStateStore(MARKS_STORE);
        this.markCache.clear();
        this.punctuation = context.schedule(policy.interval(), PunctuationType.WALL_CLOCK_TIME, this::checkpointAllPending);
    }

    @Override
    public void process(Record<String, LedgerEntry> record) {
        int partition = record.value().getPartition();
        long size = record.value().getSequence() + 1;
        if (size - lastCheckpointSize(partition) < policy.everyEntries()) {
            return;
        }
        LedgerHead head = heads.get(partition);
        if (head == null || head.size() != size) {
            throw new StreamsException("Checkpointing after entry " + partition + "/" + record.value().getSequence()
                    + " but the heads store holds " + head + ": wire the checkpointer right after the appender, in its task");
        }
        checkpoint(head);
    }

    private void checkpointAllPending(long now) {
        try (KeyValueIterator<Integer, LedgerHead> all = heads.all()) {
            all.forEachRemaining(next -> {
                if (next.value.size() > lastCheckpointSize(next.key)) {
                    checkpoint(next.value);
                }
            });
        }
    }

    private void checkpoint(LedgerHead head) {
        if (!head.hasFrontier()) {
            return; // the appender rebuilds the frontier on its next append (LedgerHeadRecovery)
        }
        long now = context().currentSystemTimeMs();
        LedgerCheckpoint checkpoint = signer.sign(Checkpoints.of(ledgerTopic, head, Instant.ofEpochMilli(now), producer));
        context().forward(new Record<>(Integer.toString(head.partition()), checkpoint, now));
        marks.put(head.partition(), head.size());
        markCache.put(head.partition(), head.size());
    }

    private long lastCheckpointSize(int partition) {
        return markCache.computeIfAbsent(partition, p -> Objects.requireNonNullElse(marks.get(p), 0L));
    }

    @Override
    public void close() {
        if (punctuation != null) {
            punctuation.cancel();
        }
    }
}
