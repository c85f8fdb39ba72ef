package io.govstream.cli;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads every topic of a cluster from its first record to its end offsets, as the admin principal
 * (read_uncommitted: aborted records count too), and says where a string appears in a key, a value
 * or a header: what an auditor checking an erasure would do.
 */
public final class TopicScan {
    private TopicScan() {
    }

    /** Topic → how many records contain {@code needle} (UTF-8 bytes), for every topic where any does. */
    public static Map<String, Integer> recordsContaining(Map<String, Object> adminClient, String needle)
            throws ExecutionException, InterruptedException {
        byte[] pattern = needle.getBytes(StandardCharsets.UTF_8);
        Map<TopicPartition, Long> ends = new HashMap<>();
        try (Admin admin = Admin.create(adminClient)) {
            Set<String> topics = admin.listTopics(new ListTopicsOptions().listInternal(false)).names().get();
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            admin.describeTopics(topics).allTopicNames().get().forEach((name, description) ->
                    description.partitions().forEach(p -> latest.put(new TopicPartition(name, p.partition()), OffsetSpec.latest())));
            admin.listOffsets(latest).all().get().forEach((p, info) -> ends.put(p, info.offset()));
        }
        Map<String, Object> props = new HashMap<>(adminClient);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
        Map<String, Integer> found = new TreeMap<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>(ends.keySet());
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> remaining = new HashMap<>();
            ends.forEach((p, end) -> {
                if (end > consumer.position(p)) {
                    remaining.put(p, end);
                }
            });
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (!remaining.isEmpty()) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read to the end offsets of " + remaining.keySet());
                }
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (contains(record.key(), pattern) || contains(record.value(), pattern) || inHeaders(record, pattern)) {
                        found.merge(record.topic(), 1, Integer::sum);
                    }
                }
                remaining.keySet().removeIf(p -> consumer.position(p) >= remaining.get(p));
            }
        }
        return found;
    }

    private static boolean inHeaders(ConsumerRecord<byte[], byte[]> record, byte[] pattern) {
        for (Header header : record.headers()) {
            if (contains(header.value(), pattern)) {
                return true;
            }
        }
        return false;
    }

    static boolean contains(byte[] data, byte[] pattern) {
        if (data == null || data.length < pattern.length) {
            return false;
        }
        outer:
        for (int i = 0; i <= data.length - pattern.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (data[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
