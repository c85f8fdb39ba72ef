package io.govstream.cli.client;

import io.govstream.schemas.EventHeaders;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * A compacted topic of what every governance-streams task holds (policies, flags): a record is
 * written once, and governance-streams copies it to every task itself, so any Kafka client can
 * write one. Readers read every partition.
 */
public final class CompactedTopic {
    private CompactedTopic() {
    }

    /**
     * A record to write; a null value is a tombstone. With a correlation id, it carries the
     * {@code correlation-id} and {@code traceparent} headers. Without a partition, the producer's
     * partitioner places it by its key (a key's records stay in one partition, in order).
     */
    public record Entry(byte[] key, byte[] value, String correlationId, String traceparent, Integer partition) {
    }

    /** The latest value of a key, and the partitions whose latest record of the key holds a value. */
    public record Latest(byte[] value, Set<Integer> partitions) {
    }

    /** Writes every entry once, in order, in one transaction (all or nothing). */
    public static void publish(Map<String, Object> kafka, String topic, String transactionalPrefix, List<Entry> entries) {
        Map<String, Object> props = new LinkedHashMap<>(kafka);
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalPrefix + UUID.randomUUID());
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.initTransactions();
            producer.beginTransaction();
            for (Entry entry : entries) {
                ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic, entry.partition(), entry.key(), entry.value());
                if (entry.correlationId() != null) {
                    EventHeaders.put(record.headers(), entry.correlationId(), entry.traceparent());
                }
                producer.send(record);
            }
            producer.commitTransaction();
        }
    }

    /**
     * Reads every partition from the beginning to its current end (committed records only): the
     * latest value of each key, keys in the order they were last written (the log's order in a topic
     * of one partition, else by record time); a tombstone removes its key.
     */
    public static LinkedHashMap<String, Latest> latestByKey(Map<String, Object> kafka, String topic, Duration timeout) {
        Map<String, Object> props = new LinkedHashMap<>(kafka);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        // Per key, per partition: the last record there.
        Map<String, Map<Integer, ConsumerRecord<String, byte[]>>> last = new HashMap<>();
        boolean single;
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, timeout).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            single = partitions.size() == 1;
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, timeout);
            Instant deadline = Instant.now().plus(timeout);
            while (partitions.stream().anyMatch(p -> consumer.position(p, timeout) < ends.get(p))) {
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("could not read " + topic + " to its end (" + ends + ") within " + timeout.toSeconds() + " s");
                }
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    last.computeIfAbsent(record.key(), k -> new HashMap<>()).put(record.partition(), record);
                }
            }
        }
        LinkedHashMap<String, Latest> byKey = new LinkedHashMap<>();
        last.values().stream()
                .map(byPartition -> byPartition.values().stream().max(Comparator.<ConsumerRecord<String, byte[]>>comparingLong(
                        ConsumerRecord::timestamp).thenComparingInt(ConsumerRecord::partition)).orElseThrow())
                .filter(latest -> latest.value() != null)
                // In one partition, the log's order; across partitions, the records' times.
                .sorted(Comparator.<ConsumerRecord<String, byte[]>>comparingLong(r -> single ? 0 : r.timestamp())
                        .thenComparingInt(ConsumerRecord::partition).thenComparingLong(ConsumerRecord::offset))
                .forEach(latest -> byKey.put(latest.key(), new Latest(latest.value(), last.get(latest.key()).entrySet().stream()
                        .filter(e -> e.getValue().value() != null).map(Map.Entry::getKey).collect(Collectors.toCollection(TreeSet::new)))));
        return byKey;
    }
}
