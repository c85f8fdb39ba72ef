package io.govstream.cli.fault;

import io.govstream.runtime.commands.CommandSeal;
import static org.awaitility.Awaitility.await;

import io.govstream.broker.BrokerSettings;
import io.govstream.broker.EmbeddedKafka;
import io.govstream.cli.TestPorts;
import io.govstream.cli.platform.EmbeddedPlatform;
import io.govstream.cli.platform.SchemaSubjects;
import io.govstream.cli.platform.PlatformSettings;
import io.govstream.cli.platform.ServiceRunner;
import io.govstream.events.DispatchRequested;
import io.govstream.events.Envelope;
import io.govstream.events.GovernanceDecision;
import io.govstream.events.LedgerEntry;
import io.govstream.ledger.KafkaLedgerReader;
import io.govstream.ledger.LedgerVerifier;
import io.govstream.ledger.VerificationReport;
import io.govstream.schemas.registry.RestSchemaRegistryClient;
import io.govstream.schemas.serde.AvroSerde;
import io.govstream.secrets.SigningKeyFiles;
import io.govstream.topology.Catalogue;
import io.govstream.topology.Topics;
import io.govstream.topology.plan.TopologyPlanner;
import io.govstream.topology.secrets.SecretStore;
import io.micronaut.runtime.server.EmbeddedServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * A real broker with the topology applied and the schema registry, for fault tests that run
 * governance-streams as a separate process and count what comes out.
 */
final class FaultRig implements AutoCloseable {
    final Path dir;
    final Catalogue catalogue = Catalogue.load();
    final Topics topics = new Topics(catalogue);
    final BrokerSettings brokerSettings;
    final SecretStore secrets;
    final String registryUrl;
    final RestSchemaRegistryClient registry;
    private EmbeddedKafka kafka;
    private final EmbeddedServer registryServer;

    FaultRig(Path dir) {
        this.dir = dir;
        this.brokerSettings = new BrokerSettings(dir, TestPorts.next(), TestPorts.next());
        this.kafka = EmbeddedKafka.start(brokerSettings);
        this.secrets = new SecretStore(brokerSettings.secretsDir());
        try (Admin admin = Admin.create(kafka.adminClientProperties())) {
            TopologyPlanner.plan(admin, catalogue, secrets).apply(admin);
        }
        int registryPort = freePort();
        this.registryServer = ServiceRunner.start("registry", PlatformSettings.LOOPBACK, registryPort,
                kafka.clientProperties("registry", secrets.passwordFor("registry")), Map.of("registry.topic", topics.schemas(),
                        "registry.auth.users", EmbeddedPlatform.REGISTRY_WRITERS, "registry.auth.password-dir", secrets.directory().toString()));
        this.registryUrl = "http://localhost:" + registryPort;
        this.registry = RestSchemaRegistryClient.fromConfig(Map.of(RestSchemaRegistryClient.URL_CONFIG, registryUrl,
                RestSchemaRegistryClient.CREDENTIALS_SOURCE_CONFIG, "USER_INFO",
                RestSchemaRegistryClient.USER_INFO_CONFIG, "admin:" + secrets.passwordFor("admin")));
        SchemaSubjects.registerAll(catalogue, registry);
    }

    private SigningKeyFiles commandKeys() {
        SigningKeyFiles keys = CommandSeal.keyFiles(brokerSettings.secretsDir());
        keys.createIfAbsent();
        return keys;
    }

    GovernanceProcess governance() {
        return new GovernanceProcess(dir, freePort(), kafka.clientProperties("governance", secrets.passwordFor("governance")),
                registryUrl, commandKeys().privateFile());
    }

    /**
     * Axon in this JVM, as its own principal, in a fresh Micronaut context; returns once it answers
     * ready, as the platform waits for it (its command worker starts with the HTTP server).
     */
    EmbeddedServer axon() {
        int port = freePort();
        EmbeddedServer axon = ServiceRunner.start("axon", PlatformSettings.LOOPBACK, port,
                kafka.clientProperties("axon", secrets.passwordFor("axon")), Map.of("registry.url", registryUrl, "registry.basic.auth.credentials.source", "SASL_INHERIT",
                        "axon.commands.verify-key", commandKeys().publicFile().toString()));
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest ready = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/health/ready"))
                .timeout(Duration.ofSeconds(5)).build();
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                .until(() -> http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200);
        return axon;
    }

    void restartBroker() {
        kafka.close();
        kafka = EmbeddedKafka.start(brokerSettings);
    }

    Map<String, Object> admin() {
        return new HashMap<>(kafka.adminClientProperties());
    }

    /** Encodes a request that the shipped policy permits (even n) or denies by default (odd n). */
    byte[] request(String correlationId, int n) {
        Envelope envelope = Envelope.newBuilder().setEventId(correlationId).setCorrelationId(correlationId)
                .setCausationId(correlationId).setTenant("acme").setOccurredAt(Instant.now()).setProducer("fault-test").build();
        DispatchRequested request = DispatchRequested.newBuilder().setEnvelope(envelope).setSource("orbit")
                .setTarget(n % 2 == 0 ? "axon" : "billing").setIntent(n % 2 == 0 ? "reason" : "refund")
                .setSubject("user-" + n).setPayload("{}").build();
        return AvroSerde.forValue(DispatchRequested.class, registry).encode(topics.dispatchRequests(), request);
    }

    KafkaProducer<String, byte[]> producer() {
        Map<String, Object> props = admin();
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 180_000);
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 180_000);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        return new KafkaProducer<>(props, new org.apache.kafka.common.serialization.StringSerializer(), new ByteArraySerializer());
    }

    /** Counts records per key on a topic (read_committed), from the beginning, until stopped. */
    final class KeyCounter implements AutoCloseable {
        final Map<String, Integer> counts = new ConcurrentHashMap<>();
        final AtomicLong records = new AtomicLong();
        private final Thread thread;
        private volatile boolean running = true;

        KeyCounter(String topic) {
            Map<String, Object> props = admin();
            props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5_000);
            KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            thread = new Thread(() -> {
                try (consumer) {
                    while (running) {
                        try {
                            for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                                counts.merge(record.key(), 1, Integer::sum);
                                records.incrementAndGet();
                            }
                        } catch (org.apache.kafka.common.errors.RetriableException e) {
                            // the broker is restarting: keep reading once it is back
                        }
                    }
                }
            }, "count-" + topic);
            thread.start();
        }

        long duplicates() {
            return counts.values().stream().mapToLong(c -> c - 1).sum();
        }

        void awaitDistinct(int expected, Duration atMost) {
            await().atMost(atMost).pollInterval(Duration.ofMillis(200)).until(() -> counts.size() >= expected);
        }

        @Override
        public void close() throws InterruptedException {
            running = false;
            thread.join(10_000);
        }
    }

    VerificationReport verifyLedger() {
        AvroSerde<LedgerEntry> serde = AvroSerde.forValue(LedgerEntry.class, registry, false);
        LedgerVerifier verifier = new LedgerVerifier(bytes -> serde.decode(topics.ledger(), bytes));
        new KafkaLedgerReader(admin(), topics.ledger()).replayFromStart(verifier::accept);
        return verifier.report();
    }

    GovernanceDecision decode(byte[] bytes) {
        return AvroSerde.forValue(GovernanceDecision.class, registry, false).decode(topics.decisions(), bytes);
    }

    @Override
    public void close() {
        registryServer.getApplicationContext().close();
        kafka.close();
    }

    static int freePort() {
        return TestPorts.next();
    }
}
