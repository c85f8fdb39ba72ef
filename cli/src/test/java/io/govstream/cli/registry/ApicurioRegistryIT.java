package io.govstream.cli.registry;

import io.govstream.cli.client.PlatformException;
import io.govstream.cli.client.ClientFiles;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.govstream.cli.GovctlRun;
import io.govstream.cli.LivePlatform;
import io.govstream.cli.PrivatePlatform;
import io.govstream.cli.TestPorts;
import io.govstream.cli.dispatch.OrbitClient;
import io.govstream.cli.client.ClientFiles;
import io.govstream.cli.platform.EmbeddedPlatform;
import io.govstream.cli.client.PlatformException;
import io.govstream.cli.platform.PlatformSettings;
import io.govstream.cli.platform.SchemaSubjects;
import io.govstream.events.LedgerEntry;
import io.govstream.schemas.registry.RestSchemaRegistryClient;
import io.govstream.topology.Catalogue;
import io.govstream.topology.Topics;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The platform on a third-party schema registry: Apicurio Registry 3, a process of its own on
 * loopback, reached through its Confluent-compatible API ({@code govctl up --registry-url}). The
 * schemas are registered, a dispatch is decided and executed, and {@code govctl ledger verify}
 * reads the ledger with Apicurio's schemas. Its log: target/apicurio-registry-it.log.
 */
@Timeout(300)
@PrivatePlatform("runs on Apicurio Registry instead of the platform's own registry")
class ApicurioRegistryIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path LOG = Path.of("target", "apicurio-registry-it.log");
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dataDir;

    @Test
    void givenApicurioRegistry_whenThePlatformRunsOnIt_thenPermittedWorkIsExecuted_andTheLedgerVerifiesWithItsSchemas() throws Exception {
        try (ApicurioRegistry apicurio = ApicurioRegistry.start(LOG)) {
            String url = apicurio.ccompatUrl();
            RestSchemaRegistryClient registry = RestSchemaRegistryClient.fromConfig(Map.of(RestSchemaRegistryClient.URL_CONFIG, url));
            Catalogue catalogue = Catalogue.load();

            // As shipped, Apicurio checks no compatibility at all (Confluent's default is BACKWARD), and the platform refuses
            // it: any schema could follow any other under its subjects.
            assertThat(send("GET", url + "/config", null).path("compatibilityLevel").asText()).isEqualTo("NONE");
            SchemaSubjects.registerAll(catalogue, registry);
            assertThatThrownBy(() -> SchemaSubjects.requireBackwardOrStricter(catalogue, registry, url))
                    .isInstanceOf(PlatformException.class)
                    .hasMessageContaining(new Topics(catalogue).ledger() + "-value (NONE)")
                    .hasMessageContaining("set its global compatibility to BACKWARD or stricter");
            // Its operator sets the global level through the Confluent-compatible API, as for any Confluent registry.
            assertThat(send("PUT", url + "/config", "{\"compatibility\":\"BACKWARD\"}").path("compatibility").asText())
                    .isEqualTo("BACKWARD");

            PlatformSettings settings = TestPorts.platform(dataDir, false, url);
            List<String> progress = new CopyOnWriteArrayList<>();
            try (EmbeddedPlatform platform = EmbeddedPlatform.start(settings, progress::add)) {
                assertThat(progress).contains("using the schema registry at " + url + " (not starting one)");
                assertThat(platform.endpoints()).containsEntry("schema registry", url);
                assertThat(listens(settings.registryPort())).as("the platform started no registry of its own").isFalse();
                assertThat(ClientFiles.read(dataDir.resolve(ClientFiles.ADMIN))).containsEntry("schema.registry.url", url);
                assertThat(ClientFiles.read(dataDir.resolve(ClientFiles.CLIENT))).containsEntry("schema.registry.url", url);

                OrbitClient orbit = new OrbitClient(settings.orbitUrl(), platform.dispatcherTokens(), null);
                JsonNode permitted = dispatchAndWait(orbit, "axon", "reason", "alice");
                assertThat(permitted.path("status").asText()).isEqualTo("COMPLETED");
                assertThat(permitted.path("decision").path("effect").asText()).isEqualTo("PERMIT");
                assertThat(JSON.readTree(permitted.path("result").path("output").asText()).path("heartbeat").asText())
                        .as("Axon ran the reason command").isEqualTo("ok");
                JsonNode denied = dispatchAndWait(orbit, "billing", "refund", "bob");
                assertThat(denied.path("status").asText()).isEqualTo("DENIED");
                assertThat(denied.path("decision").path("ruleId").asText()).isEqualTo("default-deny");
                assertThat(denied.has("result")).isFalse();

                // Every subject the platform writes is Apicurio's, and the ledger's records carry Apicurio's schema ids.
                String ledger = new Topics(catalogue).ledger();
                assertThat(send("GET", url + "/subjects", null).toString()).contains("\"" + ledger + "-value\"");
                int ledgerSchemaId = firstSchemaId(platform, ledger);
                assertThat(registry.schemaById(ledgerSchemaId).getFullName()).isEqualTo(LedgerEntry.getClassSchema().getFullName());
                assertThat(LivePlatform.ledger(platform)).extracting(e -> e.getSubjectKey().toString())
                        .contains(permitted.path("correlationId").asText(), denied.path("correlationId").asText());

                GovctlRun verify = GovctlRun.of("ledger", "verify", "--data-dir", dataDir.toString());
                assertThat(verify.code()).as(verify.printed()).isZero();
                assertThat(verify.out()).contains("ledger intact: 2 entries");
            }
        }
    }

    private static JsonNode dispatchAndWait(OrbitClient orbit, String target, String intent, String subject) throws Exception {
        String id = orbit.dispatch(new OrbitClient.Dispatch(target, intent, subject, "acme", "{}"));
        JsonNode view = orbit.await(id, Duration.ofSeconds(60));
        assertThat(view.path("correlationId").asText()).isEqualTo(id);
        return view;
    }

    /** The schema id in the Confluent wire format of the topic's first record (magic byte 0, then the id). */
    private static int firstSchemaId(EmbeddedPlatform platform, String topic) {
        Map<String, Object> props = new HashMap<>(platform.adminClientProperties());
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    ByteBuffer value = ByteBuffer.wrap(record.value());
                    assertThat(value.get()).as("Confluent wire format's magic byte").isZero();
                    return value.getInt();
                }
            }
        }
        throw new AssertionError("no record on " + topic + " within 30 s");
    }

    private static boolean listens(int port) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            return true;
        } catch (ConnectException e) {
            return false;
        }
    }

    private static JsonNode send(String method, String url, String body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .header("Accept", RestSchemaRegistryClient.CONTENT_TYPE)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", RestSchemaRegistryClient.CONTENT_TYPE);
        }
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(method + " " + url + ": " + response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }
}
