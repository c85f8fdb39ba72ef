package io.govstream.cli.ledger;

import io.govstream.topology.Catalogue;
import io.govstream.topology.TopicSpec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Where a person's identifier is held in clear outside the ledger (whose entries hold it only as
 * ciphertext): every topic of the cluster but the ledger itself, read from its first record to its
 * end offsets (read_uncommitted: aborted records are bytes on the broker too), matching the
 * identifier's UTF-8 bytes in keys, values and headers. What a subject-access request must list,
 * and what an erasure must leave empty. No library does this; it is a plain consumer loop.
 */
public final class HeldInClear {
    /** One topic holding the identifier: how many records, and what the catalogue says about how long they stay. */
    public record Holding(String topic, long records, String kept) {
    }

    private HeldInClear() {
    }

    /** @param ledgerTopic left out of the scan (its entries hold personal data as ciphertext); null scans it too */
    public static List<Holding> scan(Map<String, Object> kafka, Catalogue catalogue, String ledgerTopic, String identifier,
                                     Consumer<String> progress) {
        if (identifier.isEmpty()) {
            return List.of(); // an empty identifier names no one
        }
        Needle pattern = new Needle(identifier.getBytes(StandardCharsets.UTF_8));
        Map<TopicPartition, Long> ends = new HashMap<>();
        try (Admin admin = Admin.create(kafka)) {
            Set<String> topics = admin.listTopics(new ListTopicsOptions().listInternal(false)).names().get();
            if (ledgerTopic != null) {
                topics.remove(ledgerTopic);
            }
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            admin.describeTopics(topics).allTopicNames().get().forEach((name, description) ->
                    description.partitions().forEach(p -> latest.put(new TopicPartition(name, p.partition()), OffsetSpec.latest())));
            admin.listOffsets(latest).all().get().forEach((p, info) -> ends.put(p, info.offset()));
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot list the cluster's topics: " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while listing topics", e);
        }
        Map<String, Object> props = new HashMap<>(kafka);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        Map<String, Long> found = new TreeMap<>();
        long read = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>(ends.keySet());
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> remaining = new HashMap<>(ends);
            remaining.keySet().removeIf(p -> consumer.position(p) >= remaining.get(p));
            long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
            while (!remaining.isEmpty()) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read to the end offsets of " + remaining.keySet() + " within 10 minutes");
                }
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    read++;
                    if (pattern.in(record.key()) || pattern.in(record.value())
                            || Arrays.stream(record.headers().toArray()).anyMatch(h -> pattern.in(h.value()))) {
                        found.merge(record.topic(), 1L, Long::sum);
                    }
                }
                remaining.keySet().removeIf(p -> consumer.position(p) >= remaining.get(p));
            }
        }
        progress.accept(String.format("read %,d records of %d topics for the identifier in clear", read,
                ends.keySet().stream().map(TopicPartition::topic).distinct().count()));
        return found.entrySet().stream().map(e -> new Holding(e.getKey(), e.getValue(), kept(catalogue, e.getKey()))).toList();
    }

    /** How long such records stay, as the catalogue (or Kafka Streams' naming) says. */
    private static String kept(Catalogue catalogue, String topic) {
        for (TopicSpec spec : catalogue.topics()) {
            if (spec.name().equals(topic)) {
                String retention = spec.configs().get("retention.ms");
                String policy = spec.configs().getOrDefault("cleanup.policy", "delete");
                String base = policy.contains("compact") ? "compacted: the latest record per key stays"
                        : retention == null ? "the broker's default retention" : "retention " + Duration.ofMillis(Long.parseLong(retention));
                return spec.purgedOnErasure() ? base + "; 'ledger erase' purges what every reader has read" : base
                        + (spec.role().equals("policies") || spec.role().equals("flags") ? "; 'ledger erase' rewrites their authorship" : "");
            }
        }
        if (topic.endsWith("-changelog")) {
            return "governance-streams state (open escalations, gates, settings): 'ledger erase' removes the person from it;"
                    + " superseded records are compacted within the documented bound";
        }
        if (topic.endsWith("-repartition")) {
            return "governance-streams in transit: purged after each commit, and by 'ledger erase'";
        }
        return "not a govstream topic";
    }

    /** Whether {@code pattern} occurs in {@code data} (null or empty: no); see {@link Needle}. */
    public static boolean contains(byte[] data, byte[] pattern) {
        return pattern.length > 0 && new Needle(pattern).in(data);
    }

    /**
     * A search for one byte sequence, Boyer-Moore-Horspool: it runs over every record of every topic and every file of a
     * data dir (a broker's index files are megabytes of zeros), so it compares the window's last byte and skips ahead by
     * as much as that byte allows, up to the pattern's length, instead of trying every position. Hand-written: the JDK
     * searches bytes only as strings, and Guava's {@code Bytes.indexOf} tries every position.
     */
    static final class Needle {
        private final byte[] pattern;
        private final int[] skip = new int[256];

        Needle(byte[] pattern) {
            if (pattern.length == 0) {
                throw new IllegalArgumentException("an empty pattern matches everywhere");
            }
            this.pattern = pattern.clone();
            int last = pattern.length - 1;
            Arrays.fill(skip, pattern.length);
            for (int i = 0; i < last; i++) {
                skip[pattern[i] & 0xff] = last - i;
            }
        }

        boolean in(byte[] data) {
            if (data == null) {
                return false;
            }
            int last = pattern.length - 1;
            byte end = pattern[last];
            for (int at = 0; at + last < data.length; at += skip[data[at + last] & 0xff]) {
                if (data[at + last] == end && Arrays.equals(data, at, at + last, pattern, 0, last)) {
                    return true;
                }
            }
            return false;
        }
    }
}
