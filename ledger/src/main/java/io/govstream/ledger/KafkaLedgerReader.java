package io.govstream.ledger;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import java.util.function.Predicate;
import java.util.function.ToLongFunction;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Replays a topic (the ledger's, or the checkpoints') from its first offset to the end offsets
 * captured when the replay starts: committed records only, every partition assigned directly, no
 * consumer group (a verification leaves no trace on the cluster and cannot be rebalanced away).
 * Raw records only; {@link KafkaLedgerStore} reads the ledger through it.
 */
public final class KafkaLedgerReader {
    private static final Duration POLL = Duration.ofMillis(200);

    /**
     * Settings of a consumer that reads a few records at a time: fetch little per probe, and do not let the broker hold a
     * fetch open waiting for more (a seek waits for the fetch in flight, which at the log's end would otherwise take
     * fetch.max.wait.ms, 500 ms).
     */
    private static final Map<String, Object> PROBE = Map.of(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 64 * 1024,
            ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 5);

    private final Map<String, Object> clientProperties;
    private final String topic;
    private final Duration idleTimeout;
    private final LongConsumer progress;

    /**
     * @param clientProperties connection and security properties of the reading principal
     * @param topic            the ledger topic
     * @param idleTimeout      how long to wait without progress before giving up
     * @param progress         hears the running count of records read
     */
    public KafkaLedgerReader(Map<String, ?> clientProperties, String topic, Duration idleTimeout, LongConsumer progress) {
        this.clientProperties = Map.copyOf(clientProperties);
        this.topic = Objects.requireNonNull(topic, "topic");
        this.idleTimeout = Objects.requireNonNull(idleTimeout, "idleTimeout");
        this.progress = Objects.requireNonNull(progress, "progress");
    }

    public KafkaLedgerReader(Map<String, ?> clientProperties, String topic) {
        this(clientProperties, topic, Duration.ofSeconds(30), n -> { });
    }

    /** Hands every record, from the first offset to the end, to {@code handler}; returns how many. */
    public long replayFromStart(Consumer<LedgerRecord> handler) {
        return replay(null, Map.of(), handler);
    }

    /**
     * Replays some partitions from given offsets to the end offsets seen when the replay starts.
     *
     * @param onlyPartitions the partitions to read, or null for all
     * @param startOffsets   where to start per partition; absent partitions start at their first offset
     */
    public long replay(Set<Integer> onlyPartitions, Map<Integer, Long> startOffsets, Consumer<LedgerRecord> handler) {
        return replay(onlyPartitions, startOffsets, null, handler);
    }

    /**
     * As {@link #replay(Set, Map, Consumer)}, but up to given end offsets (exclusive) where stated: an
     * export that has already named the positions it reads must read exactly those.
     */
    public long replay(Set<Integer> onlyPartitions, Map<Integer, Long> startOffsets, Map<Integer, Long> endOffsets,
                       Consumer<LedgerRecord> handler) {
        return replayBatches(onlyPartitions, startOffsets, endOffsets, batch -> batch.forEach(handler));
    }

    /**
     * As {@link #replay(Set, Map, Map, Consumer)}, handing over what each poll returned, one batch per
     * partition (records of one partition, in offset order).
     */
    public long replayBatches(Set<Integer> onlyPartitions, Map<Integer, Long> startOffsets, Map<Integer, Long> endOffsets,
                              Consumer<List<LedgerRecord>> batches) {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            List<TopicPartition> partitions = partitions(consumer).stream()
                    .filter(tp -> onlyPartitions == null || onlyPartitions.contains(tp.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> begin = consumer.beginningOffsets(partitions, idleTimeout);
            for (TopicPartition tp : partitions) {
                Long start = startOffsets.get(tp.partition());
                if (start != null && start > begin.get(tp)) {
                    consumer.seek(tp, start);
                }
            }
            // Under read_committed these are the last stable offsets: the end of what is committed now.
            Map<TopicPartition, Long> end = new HashMap<>(consumer.endOffsets(partitions, idleTimeout));
            if (endOffsets != null) {
                end.replaceAll((tp, now) -> Math.min(now, endOffsets.getOrDefault(tp.partition(), now)));
            }
            long read = 0;
            long lastProgressAt = System.nanoTime();
            while (!reachedEnd(consumer, end)) {
                var records = consumer.poll(POLL);
                for (TopicPartition tp : records.partitions()) {
                    long stop = end.get(tp);
                    List<LedgerRecord> batch = records.records(tp).stream()
                            .filter(record -> record.offset() < stop) // later ones were appended after the replay began: not part of it
                            .map(KafkaLedgerReader::record).toList();
                    if (!batch.isEmpty()) {
                        batches.accept(batch);
                        read += batch.size();
                        progress.accept(read);
                    }
                }
                if (!records.isEmpty()) {
                    lastProgressAt = System.nanoTime();
                } else if (System.nanoTime() - lastProgressAt > idleTimeout.toNanos()) {
                    throw new LedgerReadException("No progress reading " + topic + " for " + idleTimeout.toSeconds()
                            + " s; positions " + positions(consumer, end) + ", end offsets " + end);
                }
            }
            return read;
        }
    }

    /** Number of partitions of the topic. */
    public int partitionCount() {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            return partitions(consumer).size();
        }
    }

    /** Per partition, the committed offsets right now: first offset (inclusive) and last stable offset (exclusive). */
    public Map<Integer, OffsetRange> offsetRanges() {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            List<TopicPartition> partitions = partitions(consumer);
            Map<TopicPartition, Long> begin = consumer.beginningOffsets(partitions, idleTimeout);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, idleTimeout);
            Map<Integer, OffsetRange> ranges = new TreeMap<>();
            partitions.forEach(tp -> ranges.put(tp.partition(), new OffsetRange(tp.partition(), begin.get(tp), end.get(tp))));
            return ranges;
        }
    }

    /** Offsets {@code [from, to)} of one partition. */
    public record OffsetRange(int partition, long from, long to) {
    }

    /**
     * The offset of the first record of {@code partition} whose sequence is at least {@code sequence},
     * by binary search over offsets (sequences grow with offsets in an intact chain; transaction
     * markers occupy offsets, so offsets alone cannot say where a sequence is). Empty if none.
     */
    public OptionalLong offsetOfSequence(int partition, long sequence, ToLongFunction<byte[]> sequenceOf) {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(PROBE)) {
            TopicPartition tp = new TopicPartition(topic, partition);
            consumer.assign(List.of(tp));
            return firstWhere(consumer, tp, value -> sequenceOf.applyAsLong(value) >= sequence);
        }
    }

    /**
     * Per partition, where to start reading so that no entry appended at or after {@code from} is
     * skipped: the records before it were all appended earlier. The ledger records' Kafka timestamps
     * cannot say this (they are those of the input records a Streams task forwards, older than the
     * entry by however long the input waited, and a client's clock for policy and flag changes), so
     * the offset is found by binary search over the entries' own append time ({@code occurredAt}),
     * reading one record per probe. Append times come from the wall clock of the partition's writer
     * and may go back a little (instances' clocks differ after a failover): the search looks for
     * {@code from - maxClockSkew}, so an entry appended at or after {@code from} is never skipped as
     * long as no append time is more than {@code maxClockSkew} below one before it. A record whose
     * time cannot be read is never skipped past.
     *
     * @param appendedAtMillis an entry's append time (epoch ms) from a record value
     * @return per partition the offset to start at: its first offset if nothing can be skipped, its end if everything can
     */
    public Map<Integer, Long> offsetsAppendedFrom(Instant from, Duration maxClockSkew, ToLongFunction<byte[]> appendedAtMillis) {
        if (maxClockSkew.isNegative()) {
            throw new IllegalArgumentException("the clock skew must not be negative, was " + maxClockSkew);
        }
        long target = minusSaturated(from.toEpochMilli(), maxClockSkew);
        Predicate<byte[]> reached = value -> {
            try {
                return appendedAtMillis.applyAsLong(value) >= target;
            } catch (RuntimeException e) {
                return true; // unreadable: read it rather than skip what may follow it
            }
        };
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(PROBE)) {
            Map<Integer, Long> offsets = new TreeMap<>();
            for (TopicPartition tp : partitions(consumer)) {
                consumer.assign(List.of(tp));
                long end = consumer.endOffsets(List.of(tp), idleTimeout).get(tp);
                offsets.put(tp.partition(), firstWhere(consumer, tp, reached).orElse(end));
            }
            return offsets;
        }
    }

    /** The first committed record of {@code partition}, if it has one. */
    public Optional<LedgerRecord> first(int partition) {
        return edge(partition, true);
    }

    /**
     * The last committed record of {@code partition}, if it has one: read from a window before the last stable
     * offset, doubled until it holds a record (transaction markers and aborted records take offsets too).
     */
    public Optional<LedgerRecord> last(int partition) {
        return edge(partition, false);
    }

    /** {@link #first} (read from the first offset on) if {@code first}, else {@link #last}. */
    private Optional<LedgerRecord> edge(int partition, boolean first) {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(PROBE)) {
            TopicPartition tp = new TopicPartition(topic, partition);
            consumer.assign(List.of(tp));
            long begin = consumer.beginningOffsets(List.of(tp), idleTimeout).get(tp);
            long end = consumer.endOffsets(List.of(tp), idleTimeout).get(tp);
            for (long window = 16; ; window *= 2) {
                long from = first ? begin : Math.max(begin, end - window);
                ConsumerRecord<byte[], byte[]> found = read(consumer, tp, from, end, first);
                if (found != null || from == begin) {
                    return Optional.ofNullable(found).map(KafkaLedgerReader::record);
                }
            }
        }
    }

    /**
     * Waits until a reader can read the record at {@code offset} of {@code partition}: a transaction's commit returns
     * before its markers are written, and until they are its records are beyond the last stable offset.
     */
    public void awaitReadable(int partition, long offset) {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(PROBE)) {
            TopicPartition tp = new TopicPartition(topic, partition);
            consumer.assign(List.of(tp));
            consumer.seek(tp, offset);
            long deadline = System.nanoTime() + idleTimeout.toNanos();
            while (consumer.position(tp) <= offset) {
                consumer.poll(POLL); // a short fetch: a held one would wait fetch.max.wait.ms past the markers
                if (System.nanoTime() > deadline) {
                    throw new LedgerReadException("The record at " + tp + "@" + offset + " was committed but is not readable after "
                            + idleTimeout.toSeconds() + " s");
                }
            }
        }
    }

    private static LedgerRecord record(ConsumerRecord<byte[], byte[]> record) {
        return new LedgerRecord(record.partition(), record.offset(), record.value(), record.key());
    }

    private static long minusSaturated(long millis, Duration duration) {
        try {
            return Math.subtractExact(millis, duration.toMillis());
        } catch (ArithmeticException e) {
            return Long.MIN_VALUE;
        }
    }

    /**
     * The first record of the assigned {@code tp} for which {@code reached} holds, by binary search over
     * offsets, for a predicate that is false up to some record and true from there on. Where it is not
     * (append times that go back a little), the record found has the predicate true and the record
     * right before it, if any, false.
     */
    private OptionalLong firstWhere(KafkaConsumer<byte[], byte[]> consumer, TopicPartition tp, Predicate<byte[]> reached) {
        long lo = consumer.beginningOffsets(List.of(tp), idleTimeout).get(tp);
        long hi = consumer.endOffsets(List.of(tp), idleTimeout).get(tp);
        long found = -1;
        while (lo < hi) {
            long mid = lo + (hi - lo) / 2;
            ConsumerRecord<byte[], byte[]> first = read(consumer, tp, mid, hi, true);
            if (first != null && reached.test(first.value())) {
                found = first.offset();
                hi = mid;
            } else if (first == null) {
                hi = mid;
            } else {
                lo = first.offset() + 1;
            }
        }
        return found < 0 ? OptionalLong.empty() : OptionalLong.of(found);
    }

    /** Reads the assigned {@code tp} over offsets [from, end): its first record if {@code first}, else its last; null if none. */
    private ConsumerRecord<byte[], byte[]> read(KafkaConsumer<byte[], byte[]> consumer, TopicPartition tp, long from, long end, boolean first) {
        consumer.seek(tp, from);
        ConsumerRecord<byte[], byte[]> found = null;
        long deadline = System.nanoTime() + idleTimeout.toNanos();
        while (consumer.position(tp) < end) {
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL).records(tp)) {
                if (record.offset() >= from && record.offset() < end) {
                    found = record;
                    if (first) {
                        return found;
                    }
                }
            }
            if (System.nanoTime() > deadline) {
                throw new LedgerReadException("No progress reading " + tp + (first ? " at offset " : " from offset ") + from);
            }
        }
        return found;
    }

    /** A consumer as every read here uses: read_committed, no group; for a caller that keeps reading (a tail). */
    KafkaConsumer<byte[], byte[]> consumer() {
        return consumer(Map.of());
    }

    private KafkaConsumer<byte[], byte[]> consumer(Map<String, Object> overrides) {
        Map<String, Object> props = new HashMap<>(clientProperties);
        props.putAll(overrides);
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        props.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "govstream-ledger-reader");
        return new KafkaConsumer<>(props);
    }

    private List<TopicPartition> partitions(KafkaConsumer<byte[], byte[]> consumer) {
        List<TopicPartition> partitions = consumer.partitionsFor(topic, idleTimeout).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition()))
                .sorted(java.util.Comparator.comparingInt(TopicPartition::partition)).toList();
        if (partitions.isEmpty()) {
            throw LedgerReadException.topicMissing(topic);
        }
        return partitions;
    }

    private static boolean reachedEnd(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> end) {
        return end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
    }

    private static Map<TopicPartition, Long> positions(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> end) {
        return end.keySet().stream().collect(Collectors.toMap(tp -> tp, consumer::position));
    }
}
