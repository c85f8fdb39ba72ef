package io.govstream.topology.plan;

import io.govstream.broker.EmbeddedKafka;
import io.govstream.topology.secrets.SecretStore;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

import static org.awaitility.Awaitility.await;

/** Plain string clients acting as one principal, the way a service would connect. */
final class Clients {

    private final EmbeddedKafka kafka;
    private final SecretStore secrets;

    Clients(EmbeddedKafka kafka, SecretStore secrets) {
        this.kafka = kafka;
        this.secrets = secrets;
    }

    Map<String, Object> props(String principal) {
        Map<String, Object> props = new HashMap<>(principal.equals("admin")
                ? kafka.adminClientProperties()
                : kafka.clientProperties(principal, secrets.passwordFor(principal)));
        // Authorization errors surface within seconds instead of after the one-minute default.
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        props.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
        return props;
    }

    RecordMetadata produce(String principal, String topic, String key, String value) throws ExecutionException, InterruptedException {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props(principal), new StringSerializer(), new StringSerializer())) {
            return producer.send(new ProducerRecord<>(topic, key, value)).get();
        }
    }

    KafkaConsumer<String, String> consumer(String principal, String groupId) {
        Map<String, Object> props = props(principal);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
    }

    /** Polls until {@code count} records arrived; the consumer must already be subscribed or assigned. */
    static List<ConsumerRecord<String, String>> pollUntil(KafkaConsumer<String, String> consumer, int count) {
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            return records.size() >= count;
        });
        return records;
    }

    /** Polls until a record with this value arrives (other tests of the class may write the same topic); all records read. */
    static List<ConsumerRecord<String, String>> pollUntilValue(KafkaConsumer<String, String> consumer, String value) {
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            return records.stream().anyMatch(r -> value.equals(r.value()));
        });
        return records;
    }
}
