package io.govstream.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
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

/** Encryption in transit: SASL_SSL with a local CA; a plaintext client gets nowhere. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class TlsBrokerIT {
    @TempDir
    Path dataDir;

    @Test
    void givenATlsBroker_whenAClientTrustsTheLocalCa_thenRecordsFlow_andAPlaintextClientIsRefused() throws Exception {
        BrokerSettings ports = BrokerSettings.ephemeral(dataDir);
        try (EmbeddedKafka kafka = EmbeddedKafka.start(new BrokerSettings(dataDir, ports.port(), ports.controllerPort(), true))) {
            Map<String, Object> admin = kafka.adminClientProperties();
            assertThat(admin).containsEntry("security.protocol", "SASL_SSL");
            assertThat(Files.getPosixFilePermissions(dataDir.resolve("tls").resolve(LocalCertificates.SERVER_PEM)))
                    .isEqualTo(PosixFilePermissions.fromString("rw-------"));

            try (Admin client = Admin.create(admin)) {
                client.createTopics(List.of(new NewTopic("tls-test", 1, (short) 1))).all().get();
            }
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(admin, new StringSerializer(), new StringSerializer())) {
                producer.send(new ProducerRecord<>("tls-test", "k", "over TLS")).get();
            }
            Map<String, Object> consumerProps = new HashMap<>(admin);
            consumerProps.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerProps, new StringDeserializer(), new StringDeserializer())) {
                consumer.assign(List.of(new TopicPartition("tls-test", 0)));
                List<ConsumerRecord<String, String>> read = new java.util.ArrayList<>();
                org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30))
                        .until(() -> { consumer.poll(Duration.ofMillis(200)).forEach(read::add); return !read.isEmpty(); });
                assertThat(read.get(0).value()).isEqualTo("over TLS");
            }

            Map<String, Object> plaintext = new HashMap<>(admin);
            plaintext.put("security.protocol", "SASL_PLAINTEXT");
            plaintext.remove("ssl.truststore.type");
            plaintext.remove("ssl.truststore.location");
            plaintext.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3_000);
            plaintext.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5_000);
            try (Admin client = Admin.create(plaintext)) {
                assertThatThrownBy(() -> client.describeCluster().nodes().get(10, TimeUnit.SECONDS))
                        .isInstanceOfAny(ExecutionException.class, java.util.concurrent.TimeoutException.class);
            }
        }
    }

    @Test
    void givenCertificatesMadeOnce_whenEnsuredAgain_thenTheyAreKept() throws Exception {
        Path tls = LocalCertificates.ensure(dataDir.resolve("tls"));
        String ca = Files.readString(tls.resolve(LocalCertificates.CA_CERT));
        LocalCertificates.ensure(tls);
        assertThat(Files.readString(tls.resolve(LocalCertificates.CA_CERT))).isEqualTo(ca).startsWith("-----BEGIN CERTIFICATE-----");
        assertThat(Files.readString(tls.resolve(LocalCertificates.SERVER_PEM))).contains("-----BEGIN PRIVATE KEY-----");
    }
}
