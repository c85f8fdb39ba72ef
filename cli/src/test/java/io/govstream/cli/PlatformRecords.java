package io.govstream.cli;

import io.govstream.cli.ledger.LedgerVerifyCommand;
import io.govstream.cli.platform.EmbeddedPlatform;
import io.govstream.ledger.VerificationReport;
import io.govstream.schemas.serde.AvroSerde;
import java.io.PrintWriter;
import java.io.StringWriter;
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

    /** {@code govctl ledger verify} on the platform's ledger. */
    static VerificationReport verifyLedger(EmbeddedPlatform platform) {
        return LedgerVerifyCommand.verify(platform.adminSettings(), null, null, new PrintWriter(new StringWriter()));
    }
}
