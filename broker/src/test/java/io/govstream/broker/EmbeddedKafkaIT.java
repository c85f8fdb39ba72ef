package io.govstream.broker;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.ConnectException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** One broker shared by the tests that do not restart it. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class EmbeddedKafkaIT {

    @TempDir
    static Path dataDir;
    private static EmbeddedKafka kafka;

    @BeforeAll
    static void startBroker() {
        kafka = EmbeddedKafka.start(BrokerSettings.ephemeral(dataDir));
    }

    @AfterAll
    static void stopBroker() {
        kafka.close();
    }

    @Test
    void givenStartedBroker_whenAdminCreatesTopic_thenTopicIsListed() throws Exception {
        try (Admin admin = Admin.create(kafka.adminClientProperties())) {
            admin.createTopics(List.of(new NewTopic("created-by-admin", 2, (short) 1))).all().get();

            // Created once the controller committed it; the broker answering lists it a moment later.
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(admin.listTopics().names().get()).contains("created-by-admin"));
            assertThat(admin.describeTopics(List.of("created-by-admin")).allTopicNames().get()
                    .get("created-by-admin").partitions()).hasSize(2);
        }
    }

    @Test
    void givenWrongPassword_whenClientConnects_thenSaslAuthenticationFails() {
        try (Admin admin = Admin.create(kafka.clientProperties("admin", "not-the-password"))) {
            assertThatThrownBy(() -> admin.listTopics().names().get())
                    .isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(SaslAuthenticationException.class);
        }
    }

    @Test
    void givenUserWithoutAcls_whenProducing_thenTopicAuthorizationFails() throws Exception {
        try (Admin admin = Admin.create(kafka.adminClientProperties())) {
            admin.createTopics(List.of(new NewTopic("no-acls-here", 1, (short) 1))).all().get();
            admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion("nobody",
                    new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 4096), "nobody-password"))).all().get();
        }
        Map<String, Object> props = new HashMap<>(kafka.clientProperties("nobody", "nobody-password"));
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000);
        // The credential reaches the broker's cache shortly after the controller accepted it.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
                assertThatThrownBy(() -> producer.send(new ProducerRecord<>("no-acls-here", "k", "v")).get())
                        .isInstanceOf(ExecutionException.class)
                        .hasCauseInstanceOf(TopicAuthorizationException.class);
            }
        });
    }

    @Test
    void givenFirstStart_thenAdminPasswordFileIsOwnerOnly() throws Exception {
        Path secret = dataDir.resolve("secrets").resolve("admin.password");

        assertThat(Files.getPosixFilePermissions(secret)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Files.getPosixFilePermissions(secret.getParent())).isEqualTo(PosixFilePermissions.fromString("rwx------"));
        assertThat(Files.readString(secret).strip()).hasSizeGreaterThanOrEqualTo(24);
    }

    @Test
    void givenADataDirOthersCanEnter_whenTheBrokerStarts_thenItAndTheLogAndSecretsDirsAreOwnerOnly(@TempDir Path parent) throws Exception {
        Path ownDir = Files.createDirectory(parent.resolve("data"), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        Files.setPosixFilePermissions(ownDir, PosixFilePermissions.fromString("rwxr-xr-x"));

        try (EmbeddedKafka own = EmbeddedKafka.start(BrokerSettings.ephemeral(ownDir))) {
            for (Path dir : List.of(ownDir, own.settings().kafkaDir(), own.settings().secretsDir())) {
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).as(dir.toString()).isEqualTo("rwx------");
            }
            assertThat(own.settings().kafkaDir().resolve("meta.properties")).as("the log dir Kafka formatted").isRegularFile();
        }
    }

    @Test
    void givenStartedBroker_whenAnotherStartsOnSamePort_thenClearErrorNamesThePort(@TempDir Path otherDir) {
        BrokerSettings clash = new BrokerSettings(otherDir, kafka.settings().port(), BrokerSettings.ephemeral(otherDir).controllerPort());

        assertThatThrownBy(() -> EmbeddedKafka.start(clash))
                .isInstanceOf(BrokerStartException.class)
                .hasMessageContaining("port " + clash.port())
                .hasMessageContaining("already in use");
    }

    @Test
    void givenClosedBroker_whenClosedAgain_thenNoErrorAndPortsAreReleased(@TempDir Path ownDir) {
        EmbeddedKafka own = EmbeddedKafka.start(BrokerSettings.ephemeral(ownDir));
        own.close();
        own.close();

        for (int port : new int[] {own.settings().port(), own.settings().controllerPort()}) {
            assertThatThrownBy(() -> new Socket("localhost", port).close()).isInstanceOf(ConnectException.class);
        }
    }
}
