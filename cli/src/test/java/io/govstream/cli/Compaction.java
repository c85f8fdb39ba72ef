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

    /** Sets {@code topic} to compact within seconds; returns what sets its own settings back (values it had, removal of the rest). */
    public static Runnable fast(Map<String, Object> adminProperties, String topic) throws Exception {
        Map<String, String> fast = Map.of("segment.ms", "100", "max.compaction.lag.ms", "100", "delete.retention.ms", "100",
                "min.cleanable.dirty.ratio", "0");
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        List<AlterConfigOp> set = new ArrayList<>();
        List<AlterConfigOp> restore = new ArrayList<>();
        try (Admin admin = Admin.create(adminProperties)) {
            var before = admin.describeConfigs(List.of(resource)).all().get().get(resource);
            fast.forEach((k, v) -> {
                set.add(new AlterConfigOp(new ConfigEntry(k, v), AlterConfigOp.OpType.SET));
                ConfigEntry was = before.get(k);
                boolean own = was != null && was.source() == ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG;
                restore.add(new AlterConfigOp(new ConfigEntry(k, own ? was.value() : null),
                        own ? AlterConfigOp.OpType.SET : AlterConfigOp.OpType.DELETE));
            });
            admin.incrementalAlterConfigs(Map.of(resource, set)).all().get();
        }
        return () -> {
            try (Admin admin = Admin.create(adminProperties)) {
                admin.incrementalAlterConfigs(Map.of(resource, restore)).all().get();
            } catch (Exception e) {
                throw new IllegalStateException("could not restore the settings of " + topic, e);
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
