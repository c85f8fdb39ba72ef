package io.govstream.cli.client;

import io.govstream.schemas.EventHeaders;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
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
 * A compacted topic co-partitioned with the dispatch requests, whose records are written to every
 * partition (policies, flags): each governance-streams task applies the copy of its own partition
 * and ledgers it on its own chain. Partition 0 holds a full copy for readers.
 */
public final class CopartitionedTopic {
    private CopartitionedTopic() {
    }

    /**
     * A record to write to every partition; a null value is a tombstone. With a correlation id, its
     * copies carry the {@code correlation-id} and {@code traceparent} headers.
     */
    public record Entry(byte[] key, byte[] value, String correlationId, String traceparent) {
        /** A record without trace headers. */
        public Entry(byte[] key, byte[] value) {
            this(key, value, null, null);
        }
    }

    /**
     * Writes every entry to every partition of {@code topic}, in order, in one transaction (all or
     * nothing), after checking that it has as many partitions as {@code dispatchTopic}.
     */
    public static void publish(Map<String, Object> kafka, String topic, String dispatchTopic, String transactionalPrefix,
                               List<Entry> entries) {
        Map<String, Object> props = new LinkedHashMap<>(kafka);
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalPrefix + UUID.randomUUID());
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            int partitions = producer.partitionsFor(topic).size();
            int dispatchPartitions = producer.partitionsFor(dispatchTopic).size();
            if (partitions != dispatchPartitions) {
                throw new IllegalStateException(topic + " has " + partitions + " partitions but " + dispatchTopic + " has "
                        + dispatchPartitions + ": they must match (run 'govctl topology apply')");
            }
            producer.initTransactions();
            producer.beginTransaction();
            for (Entry entry : entries) {
                for (int p = 0; p < partitions; p++) {
                    ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic, p, entry.key(), entry.value());
                    if (entry.correlationId() != null) {
                        EventHeaders.put(record.headers(), entry.correlationId(), entry.traceparent());
                    }
                    producer.send(record);
                }
            }
            producer.commitTransaction();
        }
    }

    /**
     * Reads partition 0 from the beginning to its current end (committed records only): the latest
     * value of each key, in the order keys were last written; a tombstone removes its key.
     */
    public static LinkedHashMap<String, byte[]> latestByKey(Map<String, Object> kafka, String topic, Duration timeout) {
        Map<String, Object> props = new LinkedHashMap<>(kafka);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        LinkedHashMap<String, byte[]> byKey = new LinkedHashMap<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            TopicPartition partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition), timeout).get(partition);
            Instant deadline = Instant.now().plus(timeout);
            while (consumer.position(partition, timeout) < end) {
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("could not read " + topic + " to its end (offset " + end + ") within " + timeout.toSeconds() + " s");
                }
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    byKey.remove(record.key()); // a re-written key counts from its latest position
                    if (record.value() != null) {
                        byKey.put(record.key(), record.value());
                    }
                }
            }
        }
        return byKey;
    }
}
