package io.govstream.cli.demo;

import io.govstream.cli.client.ClientFiles;
import io.govstream.cli.ledger.LedgerCli;
import io.govstream.cli.platform.EmbeddedPlatform;
import io.govstream.schemas.EventHeaders;
import io.govstream.topology.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Sends a record that is not Avro to the requests topic, as an external client with
 * client.properties would, and waits for it on the dead-letter topic.
 */
final class PoisonPill {
    record Outcome(boolean deadLettered, String detail) {
    }

    private PoisonPill() {
    }

    static Outcome send(EmbeddedPlatform platform, Duration wait) throws Exception {
        Topics topics = new Topics(platform.catalogue());
        Map<String, Object> producerConfig = LedgerCli.kafkaOnly(ClientFiles.read(platform.clientPropertiesFile()));
        RecordMetadata sent;
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerConfig, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            sent = producer.send(new ProducerRecord<>(topics.externalRequests(), "poison".getBytes(StandardCharsets.UTF_8),
                    "this is not Avro".getBytes(StandardCharsets.UTF_8))).get();
        }
        Map<String, Object> consumerConfig = new HashMap<>(platform.adminClientProperties());
        consumerConfig.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerConfig, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topics.deadLetters()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Instant deadline = Instant.now().plus(wait);
            while (Instant.now().isBefore(deadline)) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (String.valueOf(sent.offset()).equals(EventHeaders.get(record.headers(), "dlq.source.offset"))
                            && String.valueOf(sent.partition()).equals(EventHeaders.get(record.headers(), "dlq.source.partition"))) {
                        return new Outcome(true, "record at " + sent.topic() + "-" + sent.partition() + "@" + sent.offset()
                                + " dead-lettered (" + EventHeaders.get(record.headers(), "dlq.error") + "); the pipeline kept going");
                    }
                }
            }
        }
        return new Outcome(false, "no dead letter for " + sent.topic() + "-" + sent.partition() + "@" + sent.offset()
                + " within " + wait.toSeconds() + " s");
    }
}
