package io.govstream.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.govstream.cli.dispatch.OrbitClient;
import io.govstream.cli.ledger.LedgerVerifyCommand;
import io.govstream.cli.platform.EmbeddedPlatform;
import io.govstream.events.LedgerEntry;
import io.govstream.ledger.VerificationReport;
import io.govstream.schemas.registry.RestSchemaRegistryClient;
import io.govstream.schemas.serde.AvroSerde;
import io.govstream.topology.Topics;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** What the broker tests of live changes (policies, flags) check on a running embedded platform. */
public final class LivePlatform {
    private LivePlatform() {
    }

    /** Runs govctl in-process. */
    public static GovctlRun govctl(String... args) {
        return GovctlRun.of(args);
    }

    /** Asks Orbit to have Axon reason for alice in acme and waits for the answer. */
    public static JsonNode dispatch(OrbitClient orbit) throws Exception {
        String id = orbit.dispatch(new OrbitClient.Dispatch("axon", "reason", "alice", "acme", "{}"));
        return orbit.await(id, Duration.ofSeconds(60));
    }

    /** Every committed ledger entry, partition by partition. */
    public static List<LedgerEntry> ledger(EmbeddedPlatform platform) {
        String topic = new Topics(platform.catalogue()).ledger();
        AvroSerde<LedgerEntry> serde = AvroSerde.forValue(LedgerEntry.class, new RestSchemaRegistryClient(platform.settings().registryUrl()), false);
        Map<String, Object> props = new HashMap<>(platform.adminClientProperties());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<LedgerEntry> entries = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> entries.add(serde.decode(topic, r.value())));
            }
        }
        return entries;
    }

    /** What {@code govctl ledger verify} checks, on the platform's ledger. */
    public static VerificationReport verify(EmbeddedPlatform platform) {
        Map<String, Object> admin = new HashMap<>(platform.adminClientProperties());
        admin.put("schema.registry.url", platform.settings().registryUrl());
        return LedgerVerifyCommand.verify(admin, null, null, new PrintWriter(new StringWriter()));
    }
}
