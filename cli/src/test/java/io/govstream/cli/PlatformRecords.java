package io.govstream.cli;

import io.govstream.cli.ledger.LedgerCli;
import io.govstream.cli.platform.EmbeddedPlatform;
import io.govstream.ledger.VerificationReport;
import io.govstream.ledger.audit.LedgerAudit;
import io.govstream.schemas.serde.AvroSerde;
import io.govstream.topology.Catalogue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** What a test reads back from a running embedded platform, as the admin. */
final class PlatformRecords {
    private PlatformRecords() {
    }

    /** Every committed record of a topic, decoded. */
    static <T extends SpecificRecord> List<T> read(EmbeddedPlatform platform, String topic, Class<T> type) {
        AvroSerde<T> serde = AvroSerde.forValue(type, platform.registryClient(), false);
        Map<String, Object> props = new HashMap<>(platform.adminClientProperties());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<T> values = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> values.add(serde.decode(topic, r.value())));
            }
        }
        return values;
    }

    /** The chains of the platform's ledger, verified as {@code govctl ledger verify} verifies them without a key. */
    static VerificationReport verifyLedger(EmbeddedPlatform platform) {
        LedgerCli ledger = new LedgerCli(platform.adminSettings(), Catalogue.load(), null, null, null);
        return LedgerAudit.run(ledger.ledgerTopic, ledger.ledgerStore(), ledger.checkpointsTopic, List.of(), null,
                ledger::entry, false, n -> { }).report();
    }
}
