package io.govstream.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.govstream.cli.platform.EmbeddedPlatform;
import io.govstream.events.DispatchCommand;
import java.io.ByteArrayOutputStream;
import java.io.Reader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A client written as any Kafka user outside this project would write it: only
 * client.properties, kafka-clients, Avro generic records, and the Confluent REST and wire
 * format conventions against the registry. No govstream class touches the records.
 */
@Timeout(300)
@OnSharedPlatform
class ExternalClientIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void givenClientProperties_whenAnOutsideClientClaimsToBeOrbitForDave_thenItReadsADenialAsWhatItProvablyIs_andNoWorkIsDone(
            EmbeddedPlatform platform) throws Exception {
        Properties client = clientProperties(platform);
        String registry = client.getProperty("schema.registry.url");
        String requests = "governance.dispatch.requests.external";
        JsonNode latest = getJson(registry + "/subjects/" + requests + "-value/versions/latest");
        int schemaId = latest.get("id").asInt();
        Schema schema = new Schema.Parser().parse(latest.get("schema").asText());
        String correlationId = UUID.randomUUID().toString();
        GenericRecord forged = forgedRequest(schema, correlationId, "dave");

        Map<String, Object> kafka = kafkaOnly(client);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(kafka, new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(requests, correlationId, wireFormat(schemaId, schema, forged))).get();
        }

        GenericRecord decision = awaitDecision(client, correlationId);
        assertThat(decision.get("effect").toString()).isEqualTo("DENY");
        assertThat(decision.get("ruleId").toString()).isEqualTo("deny-unproven-request");
        assertThat(decision.get("source").toString()).isEqualTo("external:producer");
        assertThat(decision.get("subject").toString()).as("dave is not named as the requester").isEqualTo("external:producer");
        assertThat(decision.get("provenance").toString()).isEqualTo("external:producer");
        assertThat(JSON.readTree(decision.get("claims").toString()).get("subject").asText()).isEqualTo("dave");
        assertThat(((GenericRecord) decision.get("envelope")).get("tenant").toString()).isEqualTo("external");
        assertThat(((GenericRecord) decision.get("envelope")).get("correlationId").toString()).isEqualTo(correlationId);
        assertThat(PlatformRecords.read(platform, "governance.axon.commands", DispatchCommand.class))
                .as("no command for Axon").noneMatch(c -> c.getEnvelope().getCorrelationId().equals(correlationId));
    }

    @Test
    void givenClientProperties_whenAnOutsideClientWritesOrbitsRequestsTopic_thenTheBrokerRefusesIt(EmbeddedPlatform platform)
            throws Exception {
        Properties client = clientProperties(platform);
        Map<String, Object> kafka = kafkaOnly(client);
        kafka.put("max.block.ms", 10_000);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(kafka, new StringSerializer(), new ByteArraySerializer())) {
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>("governance.dispatch.requests", "forged", new byte[] {0})).get())
                    .hasRootCauseInstanceOf(TopicAuthorizationException.class);
        }
    }

    @Test
    void givenClientProperties_whenAnOutsideClientReadsEveryTenantsDecisions_thenTheBrokerRefusesIt(EmbeddedPlatform platform)
            throws Exception {
        Properties client = clientProperties(platform);
        Map<String, Object> consumerProps = new HashMap<>(kafkaOnly(client));
        consumerProps.put("group.id", client.getProperty("group.id") + "-" + UUID.randomUUID());
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(consumerProps, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of("governance.decisions"));
            assertThatThrownBy(() -> consumer.poll(Duration.ofSeconds(10))).isInstanceOf(TopicAuthorizationException.class);
        }
    }

    private static Properties clientProperties(EmbeddedPlatform platform) throws Exception {
        Properties client = new Properties();
        try (Reader in = Files.newBufferedReader(platform.settings().dataDir().resolve("client.properties"))) {
            client.load(in);
        }
        return client;
    }

    private static GenericRecord forgedRequest(Schema schema, String correlationId, String subject) {
        GenericRecord envelope = new GenericData.Record(schema.getField("envelope").schema());
        envelope.put("eventId", correlationId);
        envelope.put("correlationId", correlationId);
        envelope.put("causationId", correlationId);
        envelope.put("tenant", "acme");
        envelope.put("occurredAt", System.currentTimeMillis());
        envelope.put("producer", "orbit");
        GenericRecord request = new GenericData.Record(schema);
        request.put("envelope", envelope);
        request.put("source", "orbit");
        request.put("target", "axon");
        request.put("intent", "reason");
        request.put("subject", subject);
        request.put("payload", "{}");
        request.put("attributes", Map.of());
        request.put("provenance", "orbit");
        request.put("claims", Map.of());
        return request;
    }

    private GenericRecord awaitDecision(Properties client, String correlationId) {
        Map<String, Object> consumerProps = new HashMap<>(kafkaOnly(client));
        consumerProps.put("group.id", client.getProperty("group.id") + "-" + correlationId);
        consumerProps.put("auto.offset.reset", "earliest");
        consumerProps.put("isolation.level", "read_committed");
        AtomicReference<GenericRecord> decision = new AtomicReference<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(consumerProps, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of("governance.decisions.external"));
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (correlationId.equals(record.key())) {
                        decision.set(fromWireFormat(client.getProperty("schema.registry.url"), record.value()));
                    }
                }
                return decision.get() != null;
            });
        }
        return decision.get();
    }

    private static Map<String, Object> kafkaOnly(Properties client) {
        Map<String, Object> kafka = new HashMap<>();
        for (String key : List.of("bootstrap.servers", "security.protocol", "sasl.mechanism", "sasl.jaas.config")) {
            kafka.put(key, client.getProperty(key));
        }
        return kafka;
    }

    private static byte[] wireFormat(int schemaId, Schema schema, GenericRecord record) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0);
        out.write(ByteBuffer.allocate(4).putInt(schemaId).array());
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(schema).write(record, encoder);
        encoder.flush();
        return out.toByteArray();
    }

    private GenericRecord fromWireFormat(String registry, byte[] bytes) throws Exception {
        assertThat(bytes[0]).isEqualTo((byte) 0);
        int id = ByteBuffer.wrap(bytes, 1, 4).getInt();
        Schema writer = new Schema.Parser().parse(getJson(registry + "/schemas/ids/" + id).get("schema").asText());
        return new GenericDatumReader<GenericRecord>(writer)
                .read(null, DecoderFactory.get().binaryDecoder(bytes, 5, bytes.length - 5, null));
    }

    private JsonNode getJson(String url) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url))
                .header("Accept", "application/vnd.schemaregistry.v1+json").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(url + " -> " + response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }
}
