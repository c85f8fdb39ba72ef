package io.govstream.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Compaction within seconds instead of a production bound, for tests that watch an erasure's
 * superseded records leave a compacted topic on the shared platform.
 */
public final class Compaction {
    private Compaction() {
    }

    /**
     * Sets {@code topics} to compact within seconds, and the brokers' cleaners to look for work every half second
     * instead of every 15 s (log.cleaner.backoff.ms: with nothing to clean a cleaner sleeps that long, and an erasure's
     * records take two passes, the second for the tombstones); returns what sets their own settings back (the values
     * they had, removal of the rest).
     */
    public static Runnable fast(Map<String, Object> adminProperties, List<String> topics) throws Exception {
        Map<ConfigResource, Map<String, String>> fast = new java.util.LinkedHashMap<>();
        fast.put(new ConfigResource(ConfigResource.Type.BROKER, ""), Map.of("log.cleaner.backoff.ms", "500"));
        for (String topic : topics) {
            fast.put(new ConfigResource(ConfigResource.Type.TOPIC, topic), Map.of("segment.ms", "100", "max.compaction.lag.ms", "100",
                    "delete.retention.ms", "100", "min.cleanable.dirty.ratio", "0"));
        }
        Map<ConfigResource, java.util.Collection<AlterConfigOp>> set = new java.util.LinkedHashMap<>();
        Map<ConfigResource, java.util.Collection<AlterConfigOp>> restore = new java.util.LinkedHashMap<>();
        try (Admin admin = Admin.create(adminProperties)) {
            var before = admin.describeConfigs(fast.keySet()).all().get();
            fast.forEach((resource, values) -> values.forEach((k, v) -> {
                set.computeIfAbsent(resource, r -> new ArrayList<>()).add(new AlterConfigOp(new ConfigEntry(k, v), AlterConfigOp.OpType.SET));
                ConfigEntry was = before.get(resource).get(k);
                boolean own = was != null && (was.source() == ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG
                        || was.source() == ConfigEntry.ConfigSource.DYNAMIC_DEFAULT_BROKER_CONFIG);
                restore.computeIfAbsent(resource, r -> new ArrayList<>()).add(new AlterConfigOp(new ConfigEntry(k, own ? was.value() : null),
                        own ? AlterConfigOp.OpType.SET : AlterConfigOp.OpType.DELETE));
            }));
            admin.incrementalAlterConfigs(set).all().get();
        }
        return () -> {
            try (Admin admin = Admin.create(adminProperties)) {
                admin.incrementalAlterConfigs(restore).all().get();
            } catch (Exception e) {
                throw new IllegalStateException("could not restore the settings of " + restore.keySet(), e);
            }
        };
    }

    /**
     * One tombstone per partition of each topic for a key no store or subject has: an append, so the
     * active segment (which the cleaner never compacts) rolls and what was superseded can go.
     */
    public static void probe(Map<String, Object> admin, List<String> topics) throws Exception {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(admin, new StringSerializer(), new ByteArraySerializer())) {
            for (String topic : topics) {
                int partitions = producer.partitionsFor(topic).size();
                for (int p = 0; p < partitions; p++) {
                    producer.send(new ProducerRecord<>(topic, p, "compaction-probe", null)).get();
                }
            }
        }
    }
}
