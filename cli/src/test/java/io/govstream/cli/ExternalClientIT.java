package io.govstream.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.govstream.cli.platform.EmbeddedPlatform;
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
    void givenClientProperties_whenAnOutsideClientProducesADispatchRequest_thenItReadsTheDecision(EmbeddedPlatform platform)
            throws Exception {
        Properties client = new Properties();
        try (Reader in = Files.newBufferedReader(platform.settings().dataDir().resolve("client.properties"))) {
            client.load(in);
        }
        String registry = client.getProperty("schema.registry.url");
        String requests = "governance.dispatch.requests";

        JsonNode latest = getJson(registry + "/subjects/" + requests + "-value/versions/latest");
        int schemaId = latest.get("id").asInt();
        Schema schema = new Schema.Parser().parse(latest.get("schema").asText());

        String correlationId = UUID.randomUUID().toString();
        GenericRecord envelope = new GenericData.Record(schema.getField("envelope").schema());
        envelope.put("eventId", correlationId);
        envelope.put("correlationId", correlationId);
        envelope.put("causationId", correlationId);
        envelope.put("tenant", "acme");
        envelope.put("occurredAt", System.currentTimeMillis());
        envelope.put("producer", "external-client");
        GenericRecord request = new GenericData.Record(schema);
        request.put("envelope", envelope);
        request.put("source", "orbit");
        request.put("target", "axon");
        request.put("intent", "reason");
        request.put("subject", "dave");
        request.put("payload", "{}");
        request.put("attributes", Map.of());

        Map<String, Object> kafka = kafkaOnly(client);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(kafka, new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(requests, correlationId, wireFormat(schemaId, schema, request))).get();
        }

        Map<String, Object> consumerProps = new HashMap<>(kafka);
        consumerProps.put("group.id", client.getProperty("group.id"));
        consumerProps.put("auto.offset.reset", "earliest");
        consumerProps.put("isolation.level", "read_committed");
        AtomicReference<GenericRecord> decision = new AtomicReference<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(consumerProps, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of("governance.decisions"));
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    GenericRecord value = fromWireFormat(registry, record.value());
                    if (correlationId.equals(record.key())) {
                        decision.set(value);
                    }
                }
                return decision.get() != null;
            });
        }
        assertThat(decision.get().get("effect").toString()).isEqualTo("PERMIT");
        assertThat(((GenericRecord) decision.get().get("envelope")).get("correlationId").toString()).isEqualTo(correlationId);
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
