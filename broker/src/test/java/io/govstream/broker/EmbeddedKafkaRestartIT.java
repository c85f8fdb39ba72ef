package io.govstream.broker;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@Timeout(value = 120, unit = TimeUnit.SECONDS)
class EmbeddedKafkaRestartIT {

    private static final String TOPIC = "survives-restart";

    @Test
    void givenTopicWithRecords_whenBrokerRestartsOnSameDataDir_thenTopicAndRecordsAreBack(@TempDir Path dataDir) throws Exception {
        BrokerSettings settings = BrokerSettings.ephemeral(dataDir);
        try (EmbeddedKafka first = EmbeddedKafka.start(settings)) {
            try (Admin admin = Admin.create(first.adminClientProperties())) {
                admin.createTopics(List.of(new NewTopic(TOPIC, 1, (short) 1))).all().get();
            }
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(first.adminClientProperties(),
                    new StringSerializer(), new StringSerializer())) {
                producer.send(new ProducerRecord<>(TOPIC, "k1", "before-restart-1")).get();
                producer.send(new ProducerRecord<>(TOPIC, "k2", "before-restart-2")).get();
            }
        }

        try (EmbeddedKafka second = EmbeddedKafka.start(settings);
             Admin admin = Admin.create(second.adminClientProperties())) {
            assertThat(admin.listTopics().names().get()).contains(TOPIC);
            assertThat(readAll(second)).containsExactly("before-restart-1", "before-restart-2");
        }
    }

    private static List<String> readAll(EmbeddedKafka kafka) {
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(kafka.adminClientProperties(),
                new StringDeserializer(), new StringDeserializer())) {
            TopicPartition partition = new TopicPartition(TOPIC, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    values.add(record.value());
                }
                return values.size() >= 2;
            });
        }
        return values;
    }
}
