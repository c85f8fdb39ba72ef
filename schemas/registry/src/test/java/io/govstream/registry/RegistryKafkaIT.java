package io.govstream.registry;

import static io.govstream.registry.RegistryHttp.schemaBody;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.govstream.broker.BrokerSettings;
import io.govstream.broker.EmbeddedKafka;
import io.govstream.events.DispatchRequested;
import io.govstream.events.Envelope;
import io.govstream.schemas.registry.RestSchemaRegistryClient;
import io.govstream.schemas.serde.AvroSerde;
import io.govstream.schemas.serde.WireFormat;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The registry on a real broker, as the {@code registry} principal: READ, WRITE and DESCRIBE on
 * its topic and nothing else, no group ACL.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class RegistryKafkaIT {
    static final String V1 = RegistryApiTest.V1;
    static final String V2 = RegistryApiTest.V2_WITH_DEFAULT;
    private static final AtomicInteger USERS = new AtomicInteger();

    @TempDir
    static Path dataDir;
    static EmbeddedKafka kafka;
    static Admin admin;

    private String topic;
    private Map<String, Object> registryClient;
    private RegistryUsers users;
    private final List<ApplicationContext> started = new ArrayList<>();

    @BeforeAll
    static void startKafka() {
        kafka = EmbeddedKafka.start(BrokerSettings.ephemeral(dataDir));
        admin = Admin.create(kafka.adminClientProperties());
    }

    @AfterAll
    static void stopKafka() {
        if (admin != null) {
            admin.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    @BeforeEach
    void schemaTopicAndPrincipal(TestInfo test) throws Exception {
        topic = "_schemas-" + test.getTestMethod().orElseThrow().getName();
        users = RegistryUsers.oneWriter(java.nio.file.Files.createDirectories(dataDir.resolve("users-" + topic)));
        admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1)
                .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)))).all().get();
        String user = "registry-" + USERS.incrementAndGet();
        String password = "pw-" + user;
        admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion(user,
                new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 4096), password))).all().get();
        ResourcePattern topicPattern = new ResourcePattern(ResourceType.TOPIC, topic, PatternType.LITERAL);
        List<AclBinding> acls = new ArrayList<>();
        for (AclOperation operation : List.of(AclOperation.READ, AclOperation.WRITE, AclOperation.DESCRIBE)) {
            acls.add(new AclBinding(topicPattern, new AccessControlEntry("User:" + user, "*", operation, AclPermissionType.ALLOW)));
        }
        admin.createAcls(acls).all().get();
        registryClient = kafka.clientProperties(user, password);
        // SCRAM credentials and ACLs reach the broker asynchronously.
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() -> {
            try (Admin asRegistry = Admin.create(registryClient)) {
                assertThat(asRegistry.describeTopics(List.of(topic)).allTopicNames().get(5, TimeUnit.SECONDS)).containsKey(topic);
            }
        });
    }

    @Test
    void givenRegisteredSchemas_whenRegistryRestartsOnTheSameTopic_thenIdsVersionsAndConfigSurvive() {
        RegistryHttp first = startRegistry();
        int id1 = first.post("/subjects/things-value/versions", schemaBody(V1)).json().path("id").asInt();
        int id2 = first.post("/subjects/things-value/versions", schemaBody(V2)).json().path("id").asInt();
        int shared = first.post("/subjects/other-value/versions", schemaBody(V1)).json().path("id").asInt();
        first.put("/config/things-value", "{\"compatibility\":\"FULL\"}");
        first.put("/config", "{\"compatibility\":\"FORWARD\"}");
        first.delete("/subjects/other-value");
        stopRegistries();

        RegistryHttp second = startRegistry();

        assertThat(List.of(id1, id2, shared)).containsExactly(1, 2, 1);
        assertThat(second.get("/subjects").json()).hasToString("[\"things-value\"]");
        assertThat(second.get("/subjects?deleted=true").json()).hasToString("[\"other-value\",\"things-value\"]");
        assertThat(second.get("/subjects/things-value/versions").json()).hasToString("[1,2]");
        assertThat(second.get("/subjects/things-value/versions/2").json().path("id").asInt()).isEqualTo(2);
        assertThat(second.get("/schemas/ids/1").status()).isEqualTo(200);
        assertThat(second.get("/config/things-value").json()).hasToString("{\"compatibilityLevel\":\"FULL\"}");
        assertThat(second.get("/config").json()).hasToString("{\"compatibilityLevel\":\"FORWARD\"}");
        // the next id follows the highest one read back
        String v3 = V2.replace("]}", ",{\"name\":\"c\",\"type\":\"string\",\"default\":\"\"}]}");
        assertThat(second.post("/subjects/things-value/versions", schemaBody(v3)).json().path("id").asInt()).isEqualTo(3);
        assertThat(second.get("/subjects/things-value/versions/latest").json().path("version").asInt()).isEqualTo(3);
    }

    @Test
    void givenRegistration_whenTopicRead_thenRecordsAreInConfluentsFormat() {
        RegistryHttp registry = startRegistry();
        registry.post("/subjects/things-value/versions", schemaBody(V1));
        registry.put("/config", "{\"compatibility\":\"FULL\"}");

        Map<String, String> records = new HashMap<>();
        Map<String, Object> props = new HashMap<>(kafka.adminClientProperties());
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            TopicPartition partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    records.put(new String(r.key(), StandardCharsets.UTF_8), new String(r.value(), StandardCharsets.UTF_8));
                }
                return records.size() >= 2;
            });
        }

        String schema = new org.apache.avro.Schema.Parser().parse(V1).toString();
        assertThat(records).containsEntry("{\"keytype\":\"SCHEMA\",\"subject\":\"things-value\",\"version\":1,\"magic\":1}",
                "{\"subject\":\"things-value\",\"version\":1,\"id\":1,\"schema\":" + RegistryHttp.json(schema) + ",\"deleted\":false}");
        assertThat(records).containsEntry("{\"keytype\":\"CONFIG\",\"subject\":null,\"magic\":0}", "{\"compatibilityLevel\":\"FULL\"}");
    }

    @Test
    void givenRunningRegistry_whenRestClientAndAvroSerdeSendARecordThroughKafka_thenItRoundTrips() throws Exception {
        RegistryHttp registry = startRegistry();
        String dataTopic = "governance.dispatch.requests-" + topic;
        admin.createTopics(List.of(new NewTopic(dataTopic, 1, (short) 1))).all().get();
        DispatchRequested request = DispatchRequested.newBuilder()
                .setEnvelope(Envelope.newBuilder().setEventId("e-1").setCorrelationId("c-1").setCausationId("e-1")
                        .setTenant("acme").setOccurredAt(Instant.ofEpochMilli(1_700_000_000_000L)).setProducer("it").build())
                .setSource("orbit").setTarget("axon").setIntent("reason").setSubject("alice")
                .build();
        AvroSerde<DispatchRequested> writerSerde = AvroSerde.forValue(DispatchRequested.class,
                RestSchemaRegistryClient.fromConfig(Map.of(RestSchemaRegistryClient.URL_CONFIG, registry.baseUrl(),
                        RestSchemaRegistryClient.CREDENTIALS_SOURCE_CONFIG, "USER_INFO",
                        RestSchemaRegistryClient.USER_INFO_CONFIG, RegistryUsers.WRITER + ":" + users.password(RegistryUsers.WRITER))));

        try (KafkaProducer<String, DispatchRequested> producer = new KafkaProducer<>(kafka.adminClientProperties(),
                new StringSerializer(), writerSerde.serializer())) {
            producer.send(new ProducerRecord<>(dataTopic, "c-1", request)).get();
        }

        // a reader with its own client (empty cache) resolves the writer schema by id
        AvroSerde<DispatchRequested> readerSerde = AvroSerde.forValue(DispatchRequested.class,
                RestSchemaRegistryClient.fromConfig(Map.of(RestSchemaRegistryClient.URL_CONFIG, registry.baseUrl())), false);
        List<DispatchRequested> read = new ArrayList<>();
        List<byte[]> raw = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(kafka.adminClientProperties(),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            TopicPartition partition = new TopicPartition(dataTopic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                    raw.add(r.value());
                    read.add(readerSerde.deserializer().deserialize(dataTopic, r.value()));
                });
                return !read.isEmpty();
            });
        }

        assertThat(read).containsExactly(request);
        int id = registry.get("/subjects/" + dataTopic + "-value/versions/latest").json().path("id").asInt();
        assertThat(WireFormat.schemaId(raw.get(0))).isEqualTo(id);
        assertThat(RestSchemaRegistryClient.fromConfig(Map.of(RestSchemaRegistryClient.URL_CONFIG, registry.baseUrl())).latest(dataTopic + "-value").schema())
                .isEqualTo(DispatchRequested.getClassSchema());
    }

    @Test
    void givenNoSchemaTopic_whenRegistryStarts_thenItFailsNamingTheTopic() throws Exception {
        Map<String, Object> properties = new HashMap<>();
        properties.put("micronaut.server.port", -1);
        properties.put("registry.topic", topic + "-missing");
        properties.put("registry.timeout", "5s");
        kafka.adminClientProperties().forEach((key, value) -> properties.put("kafka." + key, value));

        assertThatThrownBy(() -> ApplicationContext.run(EmbeddedServer.class, properties, RegistryApplication.ENVIRONMENT))
                .hasStackTraceContaining("Topic " + topic + "-missing does not exist");
        assertThat(admin.listTopics().names().get()).doesNotContain(topic + "-missing");
    }

    private RegistryHttp startRegistry() {
        Map<String, Object> properties = new HashMap<>();
        properties.put("micronaut.server.port", -1);
        properties.put("registry.topic", topic);
        properties.putAll(users.properties());
        registryClient.forEach((key, value) -> properties.put("kafka." + key, value));
        EmbeddedServer server = ApplicationContext.run(EmbeddedServer.class, properties, RegistryApplication.ENVIRONMENT);
        started.add(server.getApplicationContext());
        RegistryHttp http = users.client(server.getURL().toString(), RegistryUsers.WRITER);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(http.send("GET", "/health", null, null, null).status()).isEqualTo(200));
        return http;
    }

    private void stopRegistries() {
        started.forEach(ApplicationContext::close);
        started.clear();
    }

    @org.junit.jupiter.api.AfterEach
    void stopAll() {
        stopRegistries();
    }
}
