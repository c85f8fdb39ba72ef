package io.govstream.ledger;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Replays a ledger topic from its first offset to the end offsets captured when the replay
 * starts: committed records only, every partition assigned directly, no consumer group (a
 * verification leaves no trace on the cluster and cannot be rebalanced away).
 */
public final class KafkaLedgerReader implements LedgerReplay {
    private static final Duration POLL = Duration.ofMillis(200);

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

    @Override
    public long replayFromStart(Consumer<LedgerRecord> handler) {
        Map<String, Object> props = new HashMap<>(clientProperties);
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        props.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "govstream-ledger-reader");
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, idleTimeout).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            if (partitions.isEmpty()) {
                throw new LedgerReadException("Ledger topic " + topic + " does not exist or has no partitions");
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            // Under read_committed these are the last stable offsets: the end of what is committed now.
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, idleTimeout);
            long read = 0;
            long lastProgressAt = System.nanoTime();
            while (!reachedEnd(consumer, end)) {
                var records = consumer.poll(POLL);
                for (ConsumerRecord<byte[], byte[]> record : records) {
                    TopicPartition tp = new TopicPartition(record.topic(), record.partition());
                    if (record.offset() >= end.get(tp)) {
                        continue; // appended after the replay began: not part of this replay
                    }
                    handler.accept(new LedgerRecord(record.partition(), record.offset(), record.value()));
                    progress.accept(++read);
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

    private static boolean reachedEnd(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> end) {
        return end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
    }

    private static Map<TopicPartition, Long> positions(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> end) {
        Map<TopicPartition, Long> out = new HashMap<>();
        end.keySet().forEach(tp -> out.put(tp, consumer.position(tp)));
        return out;
    }
}
