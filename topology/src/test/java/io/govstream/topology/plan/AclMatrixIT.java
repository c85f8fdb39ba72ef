package io.govstream.topology.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.govstream.broker.BrokerSettings;
import io.govstream.broker.EmbeddedKafka;
import io.govstream.topology.AclSpec;
import io.govstream.topology.Catalogue;
import io.govstream.topology.PrincipalSpec;
import io.govstream.topology.TopicSpec;
import io.govstream.topology.secrets.SecretStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Least privilege, proven (invariant 7): every catalogue principal tries to read and to write
 * every catalogue topic on a live broker, and exactly what the catalogue grants succeeds.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class AclMatrixIT {

    @TempDir
    Path dataDir;

    private record Cell(String principal, String topic, String access) {
        @Override
        public String toString() {
            return principal + " " + access + " " + topic;
        }
    }

    @Test
    void givenTheAppliedCatalogue_whenEveryPrincipalReadsAndWritesEveryTopic_thenExactlyTheGrantedAccessSucceeds()
            throws Exception {
        Catalogue catalogue = Catalogue.load();
        SecretStore secrets = new SecretStore(dataDir.resolve("secrets"));
        List<Cell> expected = new ArrayList<>();
        List<Cell> actual = new ArrayList<>();
        try (EmbeddedKafka kafka = EmbeddedKafka.start(BrokerSettings.ephemeral(dataDir))) {
            try (Admin admin = Admin.create(kafka.adminClientProperties())) {
                TopologyPlanner.plan(admin, catalogue, secrets).apply(admin);
            }
            for (PrincipalSpec principal : catalogue.principals()) {
                if (principal.name().equals("admin")) {
                    continue;
                }
                Map<String, Object> props = new HashMap<>(kafka.clientProperties(principal.name(),
                        secrets.passwordFor(principal.name())));
                props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000);
                props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false);
                props.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5_000);
                try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(),
                        new ByteArraySerializer())) {
                    for (TopicSpec topic : catalogue.topics()) {
                        if (grants(principal, topic.name(), AclOperation.WRITE)) {
                            expected.add(new Cell(principal.name(), topic.name(), "write"));
                        }
                        if (grants(principal, topic.name(), AclOperation.READ)) {
                            expected.add(new Cell(principal.name(), topic.name(), "read"));
                        }
                        if (canWrite(producer, topic.name())) {
                            actual.add(new Cell(principal.name(), topic.name(), "write"));
                        }
                        if (canRead(props, topic.name())) {
                            actual.add(new Cell(principal.name(), topic.name(), "read"));
                        }
                    }
                }
            }
        }
        assertThat(actual).as("granted by the live broker vs granted by the catalogue")
                .containsExactlyInAnyOrderElementsOf(expected);
        assertThat(expected).as("the matrix is not vacuous").extracting(Cell::access).contains("read", "write");
        assertThat(actual).as("only governance writes the ledger, decisions, shadow decisions and commands")
                .filteredOn(c -> c.access().equals("write") && List.of("governance.ledger", "governance.decisions",
                        "governance.shadow-decisions", "governance.axon.commands").contains(c.topic()))
                .extracting(Cell::principal).containsOnly("governance");
        assertThat(actual).as("no service reads shadow decisions (admin tooling only)")
                .filteredOn(c -> c.topic().equals("governance.shadow-decisions"))
                .containsExactly(new Cell("governance", "governance.shadow-decisions", "write"));
        assertThat(actual).as("Axon writes its refusals, governance reads them to ledger them; nobody else touches them")
                .filteredOn(c -> c.topic().equals("governance.axon.refusals"))
                .containsExactlyInAnyOrder(new Cell("axon", "governance.axon.refusals", "write"),
                        new Cell("governance", "governance.axon.refusals", "read"));
        assertThat(actual).as("external producers write their own requests topic and read the decisions on them, nothing else")
                .filteredOn(c -> c.principal().equals("producer"))
                .containsExactlyInAnyOrder(new Cell("producer", "governance.dispatch.requests.external", "write"),
                        new Cell("producer", "governance.decisions.external", "read"));
        assertThat(actual).as("governance writes the external clients' decisions, which only they read")
                .filteredOn(c -> c.topic().equals("governance.decisions.external"))
                .containsExactlyInAnyOrder(new Cell("governance", "governance.decisions.external", "write"),
                        new Cell("producer", "governance.decisions.external", "read"));
        assertThat(actual).as("an auditor reads the ledger and its checkpoints, and nothing else")
                .filteredOn(c -> c.principal().equals("auditor"))
                .containsExactlyInAnyOrder(new Cell("auditor", "governance.ledger", "read"),
                        new Cell("auditor", "governance.ledger.checkpoints", "read"));
        assertThat(actual).as("a witness also appends its cosignatures to the checkpoints, and writes nothing else")
                .filteredOn(c -> c.principal().equals("witness"))
                .containsExactlyInAnyOrder(new Cell("witness", "governance.ledger", "read"),
                        new Cell("witness", "governance.ledger.checkpoints", "read"),
                        new Cell("witness", "governance.ledger.checkpoints", "write"));
        assertThat(actual).as("only Orbit writes the requests topic whose facts are taken as Orbit's")
                .filteredOn(c -> c.topic().equals("governance.dispatch.requests") && c.access().equals("write"))
                .extracting(Cell::principal).containsOnly("orbit");
    }

    private static boolean grants(PrincipalSpec principal, String topic, AclOperation operation) {
        for (AclSpec acl : principal.acls()) {
            boolean names = acl.pattern() == PatternType.PREFIXED ? topic.startsWith(acl.name()) : topic.equals(acl.name());
            if (acl.kind() == ResourceType.TOPIC && names
                    && (acl.operations().contains(operation) || acl.operations().contains(AclOperation.ALL))) {
                return true;
            }
        }
        return false;
    }

    private static boolean canWrite(KafkaProducer<byte[], byte[]> producer, String topic) throws InterruptedException {
        try {
            producer.send(new ProducerRecord<>(topic, "matrix".getBytes(), "probe".getBytes())).get();
            return true;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof TopicAuthorizationException) {
                return false;
            }
            throw new AssertionError("unexpected error writing " + topic + ": " + e.getCause(), e.getCause());
        } catch (TopicAuthorizationException e) {
            return false;
        }
    }

    private static boolean canRead(Map<String, Object> props, String topic) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.assign(List.of(new TopicPartition(topic, 0)));
            consumer.seekToBeginning(List.of(new TopicPartition(topic, 0)));
            // One empty poll proves nothing on a busy machine (it may end before any fetch): wait until
            // the broker has answered a fetch, then poll once more so a refusal in it surfaces.
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (System.nanoTime() < deadline) {
                boolean answered = fetchResponses(consumer) > 0;
                if (!consumer.poll(Duration.ofMillis(200)).isEmpty() || answered) {
                    return true;
                }
            }
            throw new AssertionError("no fetch answer for " + topic + " within 20 s: cannot tell whether it may be read");
        } catch (TopicAuthorizationException e) {
            return false;
        }
    }

    private static double fetchResponses(KafkaConsumer<?, ?> consumer) {
        return consumer.metrics().entrySet().stream()
                .filter(m -> m.getKey().name().equals("fetch-total") && m.getKey().group().equals("consumer-fetch-manager-metrics"))
                .mapToDouble(m -> ((Number) m.getValue().metricValue()).doubleValue()).sum();
    }
}
