package io.govstream.topology.plan;

import io.govstream.broker.BrokerSettings;
import io.govstream.broker.EmbeddedKafka;
import io.govstream.topology.Catalogue;
import io.govstream.topology.Topics;
import io.govstream.topology.secrets.SecretStore;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.TransactionalIdAuthorizationException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.time.Duration;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What each service principal can and cannot do once the catalogue is applied (invariant 7). */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PrincipalAccessIT {

    @TempDir
    static Path dataDir;
    private static EmbeddedKafka kafka;
    private static Clients clients;
    private static final Topics TOPICS = new Topics(Catalogue.load());

    @BeforeAll
    static void applyCatalogue() {
        kafka = EmbeddedKafka.start(BrokerSettings.ephemeral(dataDir));
        SecretStore secrets = new SecretStore(dataDir.resolve("secrets"));
        try (Admin admin = Admin.create(kafka.adminClientProperties())) {
            TopologyPlanner.plan(admin, Catalogue.load(), secrets).apply(admin);
        }
        clients = new Clients(kafka, secrets);
    }

    @AfterAll
    static void stopBroker() {
        kafka.close();
    }

    @Test
    void givenOrbit_whenProducingDispatchRequest_thenAccepted() throws Exception {
        assertThat(clients.produce("orbit", TOPICS.dispatchRequests(), "corr-1", "request").hasOffset()).isTrue();
    }

    @Test
    void givenOrbit_whenProducingToLedger_thenTopicAuthorizationFails() {
        assertThatThrownBy(() -> clients.produce("orbit", TOPICS.ledger(), "corr-1", "forged entry"))
                .isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(TopicAuthorizationException.class);
    }

    @Test
    void givenOrbit_whenReadingDecisionsWithAssign_thenRecordsArrive() throws Exception {
        clients.produce("admin", TOPICS.dispatchResults(), "corr-o", "done");
        try (KafkaConsumer<String, String> consumer = clients.consumer("orbit", null)) {
            List<TopicPartition> partitions = consumer.partitionsFor(TOPICS.dispatchResults()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);

            assertThat(Clients.pollUntilValue(consumer, "done")).extracting(ConsumerRecord::value).contains("done");
        }
    }

    @Test
    void givenProducer_whenWritingRequestsAndReadingItsDecisionsInItsGroup_thenBothWork() throws Exception {
        clients.produce("producer", TOPICS.externalRequests(), "corr-p", "request");
        clients.produce("admin", TOPICS.name(Topics.EXTERNAL_DECISIONS), "corr-p", "PERMIT");
        try (KafkaConsumer<String, String> consumer = clients.consumer("producer", "producer-test")) {
            consumer.subscribe(List.of(TOPICS.name(Topics.EXTERNAL_DECISIONS)));

            assertThat(Clients.pollUntil(consumer, 1)).extracting(ConsumerRecord::value).contains("PERMIT");
            consumer.commitSync();
        }
    }

    @Test
    void givenProducer_whenReadingEveryTenantsDecisions_thenTopicAuthorizationFails() {
        try (KafkaConsumer<String, String> consumer = clients.consumer("producer", "producer-decisions-reader")) {
            consumer.subscribe(List.of(TOPICS.decisions()));

            assertThatThrownBy(() -> consumer.poll(Duration.ofSeconds(10))).isInstanceOf(TopicAuthorizationException.class);
        }
    }

    @Test
    void givenProducer_whenWritingOrbitsRequestsTopic_thenTopicAuthorizationFails() {
        assertThatThrownBy(() -> clients.produce("producer", TOPICS.dispatchRequests(), "corr-forged", "request"))
                .hasRootCauseInstanceOf(TopicAuthorizationException.class);
    }

    @Test
    void givenProducer_whenReadingTheLedger_thenTopicAuthorizationFails() {
        try (KafkaConsumer<String, String> consumer = clients.consumer("producer", "producer-ledger-reader")) {
            consumer.subscribe(List.of(TOPICS.ledger()));

            assertThatThrownBy(() -> consumer.poll(Duration.ofSeconds(10))).isInstanceOf(TopicAuthorizationException.class);
        }
    }

    @Test
    void givenProducer_whenWritingDecisions_thenTopicAuthorizationFails() {
        assertThatThrownBy(() -> clients.produce("producer", TOPICS.decisions(), "corr-p", "forged PERMIT"))
                .hasCauseInstanceOf(TopicAuthorizationException.class);
    }

    @Test
    void givenProducer_whenUsingAGroupOutsideItsPrefix_thenGroupAuthorizationFails() {
        try (KafkaConsumer<String, String> consumer = clients.consumer("producer", "governance-streams")) {
            consumer.subscribe(List.of(TOPICS.name(Topics.EXTERNAL_DECISIONS)));

            assertThatThrownBy(() -> consumer.poll(Duration.ofSeconds(10))).isInstanceOf(GroupAuthorizationException.class);
        }
    }

    @Test
    void givenAxon_whenConsumingCommandsAndPublishingResultsTransactionally_thenResultIsCommitted() throws Exception {
        clients.produce("admin", TOPICS.axonCommands(), "corr-a", "do-it");
        Map<String, Object> props = clients.props("axon");
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "axon-worker-1");
        try (KafkaConsumer<String, String> consumer = clients.consumer("axon", "axon");
             KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
            consumer.subscribe(List.of(TOPICS.axonCommands()));
            ConsumerRecord<String, String> command = Clients.pollUntil(consumer, 1).get(0);
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(TOPICS.dispatchResults(), command.key(), "result-of-" + command.value()));
            producer.sendOffsetsToTransaction(
                    Map.of(new TopicPartition(command.topic(), command.partition()), new OffsetAndMetadata(command.offset() + 1)),
                    consumer.groupMetadata());
            producer.commitTransaction();
        }
        try (KafkaConsumer<String, String> reader = clients.consumer("orbit", null)) {
            List<TopicPartition> partitions = reader.partitionsFor(TOPICS.dispatchResults()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            reader.assign(partitions);
            reader.seekToBeginning(partitions);
            assertThat(Clients.pollUntilValue(reader, "result-of-do-it")).extracting(ConsumerRecord::value).contains("result-of-do-it");
        }
    }

    @Test
    void givenAxon_whenUsingATransactionalIdOutsideItsPrefix_thenRefused() {
        Map<String, Object> props = clients.props("axon");
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "governance-streams-impostor");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
            assertThatThrownBy(producer::initTransactions).isInstanceOf(TransactionalIdAuthorizationException.class);
        }
    }

    @Test
    void givenRegistry_whenWritingAndReadingSchemasTopic_thenAllowed_andDispatchRequestsRefused() throws Exception {
        clients.produce("registry", TOPICS.schemas(), "{\"subject\":\"s\"}", "{\"schema\":\"x\"}");
        try (KafkaConsumer<String, String> consumer = clients.consumer("registry", null)) {
            TopicPartition partition = new TopicPartition(TOPICS.schemas(), 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            assertThat(Clients.pollUntil(consumer, 1)).isNotEmpty();
        }
        assertThatThrownBy(() -> clients.produce("registry", TOPICS.dispatchRequests(), "k", "v"))
                .hasCauseInstanceOf(TopicAuthorizationException.class);
    }
}
