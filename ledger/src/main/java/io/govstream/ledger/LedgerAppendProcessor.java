package io.govstream.ledger;

import io.govstream.schemas.EventHeaders;
import io.govstream.events.LedgerEntry;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Objects;
import java.util.function.Function;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * Turns each recordable fact into the next entry of the hash chain of the ledger partition equal
 * to the task's input partition, and forwards it keyed by the fact's subject key. Send it to the
 * ledger topic with {@link LedgerPartitioner} so each ledger partition has exactly one writer.
 *
 * <p>It never skips: if a fact cannot be recorded it throws, the task fails and, under
 * exactly-once, the transaction with the decision in it aborts. A decision exists iff its
 * ledger entry does (invariant 2). The head update and the entry share that transaction.
 *
 * <p>The head store keeps, per partition, the chain head and the RFC 9162 Merkle frontier over
 * the same entries ({@link LedgerHead}, O(log n) per append). When the store has no head for a
 * partition, or a version-1 head without a frontier, the {@link LedgerHeadRecovery} rebuilds it
 * from the ledger topic first (a restored ledger, a lost store); the default assumes an empty
 * ledger. A {@link io.govstream.ledger.checkpoint.CheckpointProcessor} downstream signs checkpoints.
 */
public final class LedgerAppendProcessor<K, V> extends ContextualProcessor<K, V, String, LedgerEntry> {

    /** Name of the chain-head store (key = ledger partition, value = head). */
    public static final String HEADS_STORE = "ledger-heads";

    private final LedgerChain chain;
    private final Function<? super V, LedgerFact> toFact;
    private final LedgerHeadRecovery recovery;
    private KeyValueStore<Integer, LedgerHead> heads;

    public LedgerAppendProcessor(LedgerChain chain, Function<? super V, LedgerFact> toFact, LedgerHeadRecovery recovery) {
        this.chain = Objects.requireNonNull(chain, "chain");
        this.toFact = Objects.requireNonNull(toFact, "toFact");
        this.recovery = Objects.requireNonNull(recovery, "recovery");
    }

    /**
     * A supplier that also connects the {@link #HEADS_STORE} store to the processor, rebuilding missing heads with
     * {@code recovery} ({@link LedgerHeadRecovery#NONE} assumes an empty ledger at first).
     */
    public static <K, V> ProcessorSupplier<K, V, String, LedgerEntry> supplier(String producer, Function<? super V, LedgerFact> toFact,
                                                                              LedgerHeadRecovery recovery) {
        LedgerChain chain = new LedgerChain(producer);
        return new ProcessorSupplier<>() {
            @Override
            public Processor<K, V, String, LedgerEntry> get() {
                return new LedgerAppendProcessor<>(chain, toFact, recovery);
            }

            @Override
            public java.util.Set<StoreBuilder<?>> stores() {
                return java.util.Set.of(headsStore());
            }
        };
    }

    /**
     * The persistent, changelogged store the heads live in; restoring it resumes every chain. Cached:
     * the head of a partition changes with every entry, and without the cache each change was its own
     * changelog record (one per entry, growing with the frontier); with it the changelog gets the
     * partition's last head of each commit, written in the same transaction as the entries.
     */
    public static StoreBuilder<KeyValueStore<Integer, LedgerHead>> headsStore() {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(HEADS_STORE), Serdes.Integer(), new LedgerHeadSerde())
                .withCachingEnabled();
    }

    @Override
    public void init(ProcessorContext<String, LedgerEntry> context) {
        super.init(context);
        this.heads = context.getStateStore(HEADS_STORE);
    }

    @Override
    public void process(Record<K, V> record) {
        RecordMetadata metadata = context().recordMetadata()
                .orElseThrow(() -> new StreamsException("Ledger append needs the input partition, but the record has no metadata"));
        // A punctuation (e.g. an escalation timeout) forwards with partition -1: the task's partition
        // is the input partition of every co-partitioned source of the task, so the chain is the same.
        int partition = metadata.partition() >= 0 ? metadata.partition() : context().taskId().partition();
        LedgerFact fact = toFact.apply(record.value());
        if (fact == null) {
            throw new StreamsException("Nothing to record for the record at " + metadata.topic() + "-" + partition
                    + "@" + metadata.offset() + ": the ledger never skips");
        }
        LedgerHead head = head(partition);
        LedgerEntry entry = chain.next(head.chain(), fact, Instant.ofEpochMilli(context().currentSystemTimeMs()));
        heads.put(partition, head.after(entry));

        Record<String, LedgerEntry> out = new Record<>(fact.subjectKey(), entry, record.timestamp(), record.headers());
        out.headers().remove(EventHeaders.CORRELATION_ID);
        out.headers().add(EventHeaders.CORRELATION_ID, entry.getEnvelope().getCorrelationId().getBytes(StandardCharsets.UTF_8));
        context().forward(out);
    }

    private LedgerHead head(int partition) {
        LedgerHead head = heads.get(partition);
        if (head != null && head.partition() != partition) {
            throw new StreamsException("Store " + HEADS_STORE + " holds " + head.chain() + " under key " + partition);
        }
        if (head != null && head.hasFrontier()) {
            return head;
        }
        LedgerHead recovered;
        try {
            recovered = recovery.recover(partition);
        } catch (RuntimeException e) {
            throw new StreamsException("Cannot recover the head of ledger partition " + partition + ": " + e.getMessage(), e);
        }
        if (head != null && !head.chain().equals(recovered.chain())) {
            throw new StreamsException("Store " + HEADS_STORE + " holds " + head.chain() + " but the ledger topic ends at "
                    + recovered.chain() + ": refusing to fork the chain of partition " + partition);
        }
        if (!recovered.hasFrontier()) {
            throw new StreamsException("Recovery of ledger partition " + partition + " returned no Merkle frontier");
        }
        return recovered;
    }
}
