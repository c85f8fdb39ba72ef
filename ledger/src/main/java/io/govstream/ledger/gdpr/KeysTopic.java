package io.govstream.ledger.gdpr;

import io.govstream.events.SubjectDataKey;
import io.govstream.ledger.Bytes;
import io.govstream.ledger.LedgerReadException;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads the keys topic to its current end (committed records only, no consumer group) and
 * returns the latest value per key, tombstones included as null: what a compacted reader sees.
 */
public final class KeysTopic {
    private KeysTopic() {
    }

    /** Topic key → latest record value (null = tombstone), in topic order per partition. */
    public static Map<String, SubjectDataKey> readLatest(Map<String, ?> clientProperties, String topic,
                                                         Function<byte[], SubjectDataKey> decoder, Duration timeout) {
        Map<String, Object> props = new HashMap<>(clientProperties);
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        Map<String, SubjectDataKey> latest = new LinkedHashMap<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, timeout).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            if (partitions.isEmpty()) {
                throw new LedgerReadException("keys topic " + topic + " does not exist");
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (end.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    latest.remove(record.key()); // keep topic order of the latest write
                    latest.put(record.key(), record.value() == null ? null : decoder.apply(record.value()));
                }
                if (System.nanoTime() > deadline) {
                    throw new LedgerReadException("could not read " + topic + " to its end " + end + " within " + timeout.toSeconds() + " s");
                }
            }
        }
        return latest;
    }

    /** The live keys as a {@link KeyRing} for decryption. */
    public static KeyRing ring(Map<String, SubjectDataKey> latest, KeyEncryptionKey kek) {
        KeyRing ring = new KeyRing(kek);
        latest.forEach((key, value) -> ring.accept(key, value == null ? null : Bytes.of(value.getWrappedKeyset())));
        return ring;
    }
}
