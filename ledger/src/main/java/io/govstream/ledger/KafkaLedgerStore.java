package io.govstream.ledger;

import io.govstream.schemas.EventHeaders;
import io.govstream.events.LedgerEntry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.function.ToLongFunction;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The {@link LedgerStore} on the ledger topic. Reads see committed records only (read_committed,
 * through {@link KafkaLedgerReader}). Each append is one Kafka transaction of a producer whose
 * transactional id is the writer id, so a store opened for writing with the id of an earlier one
 * fences it: the earlier (zombie) writer can commit nothing more ({@link LedgerFencedException}).
 *
 * <p>Kafka has no conditional append, so the head check is made by the writer: under the store's
 * lock it reads the partition's head after its producer was initialised (which completes any
 * transaction of an earlier writer with its id) and commits only if that head is the expected one;
 * an append returns once its entries are readable, so the next check sees them.
 * Hence of appends naming the same head, exactly one wins among the appends of one store and of
 * stores sharing a writer id. Writers with different ids are not fenced from one another and must
 * not write the same partitions; governance-streams, the ledger's writer in production, appends in
 * its own transactions ({@link LedgerAppendProcessor}) and uses this store only to read.
 *
 * <p>Records are written as the Streams sink writes them: key = subject key, the entry's append
 * time as timestamp, correlation id and traceparent as headers.
 */
public final class KafkaLedgerStore implements LedgerStore, AutoCloseable {
    private static final Duration POLL = Duration.ofMillis(200);
    /** A transaction the broker refuses for a transient reason is written again this often in all (see {@link #append}). */
    private static final int ATTEMPTS = 3;

    private final Map<String, Object> clientProperties;
    private final String topic;
    private final LedgerCodec codec;
    private final String writerId;
    private final Duration timeout;
    private final KafkaLedgerReader reader;
    private KafkaProducer<String, byte[]> producer; // guarded by this; opened by the first append
    private LedgerFencedException fenced; // guarded by this; once fenced, always fenced
    private int partitions; // guarded by this; the partition count last looked up

    /** A store that reads only: {@link #append} refuses. */
    public KafkaLedgerStore(Map<String, ?> clientProperties, String topic, LedgerCodec codec) {
        this(clientProperties, topic, codec, null, Duration.ofSeconds(30));
    }

    /**
     * @param clientProperties connection and security properties of the principal (READ on the topic; to append also WRITE,
     *                         and WRITE on the transactional id {@code writerId})
     * @param writerId         the transactional id of this writer, the same for every run of it so that a new run fences the
     *                         previous one; null for a store that reads only
     * @param timeout          how long a read may make no progress, and a write may block, before it fails
     */
    public KafkaLedgerStore(Map<String, ?> clientProperties, String topic, LedgerCodec codec, String writerId, Duration timeout) {
        this.clientProperties = Map.copyOf(clientProperties);
        this.topic = Objects.requireNonNull(topic, "topic");
        this.codec = Objects.requireNonNull(codec, "codec");
        this.writerId = writerId;
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.reader = new KafkaLedgerReader(clientProperties, topic, timeout, n -> { });
    }

    @Override
    public int partitionCount() {
        return reader.partitionCount();
    }

    @Override
    public ChainHead first(int partition) {
        return reader.first(partition).map(r -> codec.decode(r.value()))
                .map(e -> new ChainHead(partition, e.getSequence(), Bytes.of(e.getPrevHash()))).orElse(ChainHead.genesis(partition));
    }

    @Override
    public ChainHead latest(int partition) {
        return reader.last(partition).map(r -> ChainHead.after(codec.decode(r.value()))).orElse(ChainHead.genesis(partition));
    }

    /**
     * {@inheritDoc}
     *
     * <p>A transaction the broker refuses for a transient reason (a single broker can answer a new transaction's first
     * produce with INVALID_TXN_STATE while the previous one's markers are being written) is written again by a new producer
     * with the same id, whose initialisation aborts the refused one; the head is checked again first, and if it is already
     * the head after these entries (the refused commit did go through) the append has succeeded.
     *
     * @throws LedgerFencedException if a newer writer with this writer id took over
     */
    @Override
    public synchronized ChainHead append(int partition, ChainHead expectedHead, List<LedgerEntry> entries) {
        if (writerId == null) {
            throw new IllegalStateException("the store of " + topic + " was opened to read only: it has no writer id");
        }
        if (expectedHead.partition() != partition) {
            throw new IllegalArgumentException("the head of partition " + expectedHead.partition() + " named for partition " + partition);
        }
        if (partition >= partitions) {
            partitions = partitionCount(); // looked up again only for a partition beyond the known ones: topics never shrink
        }
        if (partition < 0 || partition >= partitions) {
            throw new IllegalArgumentException(topic + " has no partition " + partition + ", it has " + partitions);
        }
        ChainHead after = LedgerChain.link(expectedHead, entries);
        for (int attempt = 1; ; attempt++) {
            KafkaProducer<String, byte[]> writer = producer();
            ChainHead actual = latest(partition);
            if (attempt > 1 && !entries.isEmpty() && actual.equals(after)) {
                return after;
            }
            if (!actual.equals(expectedHead)) {
                throw new LedgerConflictException(topic, expectedHead, actual);
            }
            if (entries.isEmpty()) {
                return actual;
            }
            try {
                writer.beginTransaction();
                Future<RecordMetadata> last = null;
                for (LedgerEntry entry : entries) {
                    last = writer.send(record(partition, entry));
                }
                writer.commitTransaction();
                // Read-your-writes: the next head check, and whoever reads on return, must see these entries.
                reader.awaitReadable(partition, last.get().offset());
                return after;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LedgerReadException("interrupted after committing an append to " + topic + "-" + partition, e);
            } catch (ExecutionException e) {
                throw new LedgerReadException("committed an append to " + topic + "-" + partition + " but its offset is unknown", e);
            } catch (ProducerFencedException | InvalidProducerEpochException e) {
                closeProducer();
                fenced = new LedgerFencedException("writer " + writerId + " of " + topic + " was fenced by a newer writer with the same id;"
                        + " nothing of this append was committed", e);
                throw fenced;
            } catch (KafkaException e) {
                closeProducer();
                if (e instanceof AuthorizationException || e instanceof AuthenticationException || attempt == ATTEMPTS) {
                    throw e; // a refused principal is not a transient failure
                }
            }
        }
    }

    private ProducerRecord<String, byte[]> record(int partition, LedgerEntry entry) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, partition, entry.getEnvelope().getOccurredAt().toEpochMilli(),
                entry.getSubjectKey(), codec.encode(entry));
        record.headers().add(EventHeaders.CORRELATION_ID, entry.getEnvelope().getCorrelationId().getBytes(StandardCharsets.UTF_8));
        if (entry.getEnvelope().getTraceparent() != null) {
            record.headers().add(EventHeaders.TRACEPARENT, entry.getEnvelope().getTraceparent().getBytes(StandardCharsets.UTF_8));
        }
        return record;
    }

    private KafkaProducer<String, byte[]> producer() {
        if (fenced != null) {
            throw fenced;
        }
        if (producer == null) {
            Map<String, Object> props = new HashMap<>(clientProperties);
            props.keySet().retainAll(ProducerConfig.configNames()); // the reader's settings are not the producer's
            props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
            props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
            props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, writerId);
            props.put(ProducerConfig.ACKS_CONFIG, "all");
            props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) timeout.toMillis());
            props.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "govstream-ledger-writer-" + writerId);
            KafkaProducer<String, byte[]> opened = new KafkaProducer<>(props);
            try {
                opened.initTransactions();
            } catch (RuntimeException e) {
                opened.close(Duration.ZERO);
                throw e;
            }
            producer = opened;
        }
        return producer;
    }

    private void closeProducer() {
        if (producer != null) {
            producer.close(Duration.ZERO); // an open transaction is aborted when the next producer with this id initialises
            producer = null;
        }
    }

    @Override
    public long replay(int partition, long fromSequence, Consumer<LedgerEntry> entries) {
        OptionalLong start = reader.offsetOfSequence(partition, fromSequence, codec::sequenceOf);
        if (start.isEmpty()) {
            return 0;
        }
        long[] handed = {0};
        reader.replay(Set.of(partition), Map.of(partition, start.getAsLong()), r -> {
            LedgerEntry entry = codec.decode(r.value());
            if (entry.getSequence() >= fromSequence) {
                entries.accept(entry);
                handed[0]++;
            }
        });
        return handed[0];
    }

    @Override
    public Tail tail(int partition, long fromSequence, Consumer<LedgerEntry> entries) {
        KafkaConsumer<byte[], byte[]> consumer = reader.consumer();
        try {
            TopicPartition tp = new TopicPartition(topic, partition);
            consumer.assign(List.of(tp));
            // The end first, then the search: an entry of the sequence stored meanwhile is at or after that end.
            long end = consumer.endOffsets(List.of(tp), timeout).get(tp);
            consumer.seek(tp, reader.offsetOfSequence(partition, fromSequence, codec::sequenceOf).orElse(end));
        } catch (RuntimeException e) {
            consumer.close();
            throw e;
        }
        return new TailThread("ledger tail " + topic + "-" + partition) {
            @Override
            void poll() {
                try {
                    for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
                        LedgerEntry entry = codec.decode(record.value());
                        if (entry.getSequence() >= fromSequence && running()) {
                            entries.accept(entry);
                        }
                    }
                } catch (WakeupException e) {
                    // close() woke the poll up: the loop ends
                }
            }

            @Override
            void wake() {
                consumer.wakeup();
            }

            @Override
            void release() {
                consumer.close();
            }
        }.start();
    }

    @Override
    public OptionalLong offsetOfSequence(int partition, long sequence, ToLongFunction<byte[]> sequenceOf) {
        return reader.offsetOfSequence(partition, sequence, sequenceOf);
    }

    @Override
    public long replayBatches(Set<Integer> onlyPartitions, Map<Integer, Long> startOffsets, Consumer<List<LedgerRecord>> batches) {
        return reader.replayBatches(onlyPartitions, startOffsets, null, batches);
    }

    /** The topic's name, as messages name the ledger. */
    @Override
    public String toString() {
        return topic;
    }

    /** Closes the writer's producer, if it has one; an open tail stays open. */
    @Override
    public synchronized void close() {
        closeProducer();
    }
}
