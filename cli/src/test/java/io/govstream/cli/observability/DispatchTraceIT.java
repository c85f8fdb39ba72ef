package io.govstream.cli.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.govstream.cli.LivePlatform;
import io.govstream.cli.PrivatePlatform;
import io.govstream.cli.TestPorts;
import io.govstream.cli.dispatch.OrbitClient;
import io.govstream.cli.platform.EmbeddedPlatform;
import io.govstream.cli.platform.PlatformSettings;
import io.govstream.schemas.EventHeaders;
import io.govstream.topology.Topics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Traces as an operator turns them on: the platform's services export their spans over OTLP/HTTP
 * to a receiver (here this test's, as a collector or Jaeger would be), and one dispatch sent
 * through Orbit is one trace: Orbit's call and publish, governance-streams' decision and Axon's
 * execution, each span the parent of the next, and the records in Kafka carry those spans.
 */
@Timeout(300)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@PrivatePlatform("its services export spans to this test's OTLP receiver, which they are told when they start")
class DispatchTraceIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** OpenTelemetry's setting of the OTLP endpoint, as OTEL_EXPORTER_OTLP_ENDPOINT sets it for a process. */
    private static final String ENDPOINT = "otel.exporter.otlp.endpoint";
    /** How long the SDK batches spans before it sends them (5 s by default). */
    private static final String BATCH_DELAY = "otel.bsp.schedule.delay";
    private static final int SERVER = 2;
    private static final int PRODUCER = 4;
    private static final int CONSUMER = 5;

    private OtlpReceiver receiver;
    private EmbeddedPlatform platform;
    private PlatformSettings settings;

    @BeforeAll
    void start(@TempDir Path dataDir) throws Exception {
        receiver = new OtlpReceiver(TestPorts.next());
        System.setProperty(ENDPOINT, receiver.endpoint());
        System.setProperty(BATCH_DELAY, "200");
        settings = TestPorts.platform(dataDir);
        platform = EmbeddedPlatform.start(settings, step -> { });
    }

    @AfterAll
    void stop() {
        try {
            if (platform != null) {
                platform.close();
            }
        } finally {
            System.clearProperty(ENDPOINT);
            System.clearProperty(BATCH_DELAY);
            receiver.close();
        }
    }

    @Test
    void givenSpansExportedOverOtlp_whenOneDispatchGoesThroughOrbit_thenOrbitGovernanceAndAxonSpansFormOneConnectedTrace()
            throws Exception {
        HttpResponse<String> accepted = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(settings.orbitUrl() + "/dispatch"))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + LivePlatform.token(platform, "alice", "dispatcher"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"target\":\"axon\",\"intent\":\"reason\",\"tenant\":\"acme\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        String correlationId = JSON.readTree(accepted.body()).path("correlationId").asText();
        String answered = accepted.headers().firstValue(EventHeaders.TRACEPARENT).orElseThrow();
        assertThat(EventHeaders.isTraceparent(answered)).as(answered).isTrue();
        String traceId = EventHeaders.traceId(answered);
        JsonNode done = new OrbitClient(settings.orbitUrl(), platform.dispatcherTokens(), null)
                .await(correlationId, Duration.ofSeconds(60));
        assertThat(done.path("status").asText()).isEqualTo("COMPLETED");

        await().atMost(Duration.ofSeconds(30)).until(() -> trace(traceId).size() >= 4);
        List<OtlpReceiver.ReceivedSpan> trace = trace(traceId);
        Map<String, OtlpReceiver.ReceivedSpan> byName = trace.stream()
                .collect(Collectors.toMap(OtlpReceiver.ReceivedSpan::name, Function.identity()));
        Topics topics = new Topics(platform.catalogue());
        assertThat(byName).containsOnlyKeys("POST /dispatch", "publish " + topics.dispatchRequests(), "decide dispatch", "execute command");
        OtlpReceiver.ReceivedSpan call = byName.get("POST /dispatch");
        OtlpReceiver.ReceivedSpan publish = byName.get("publish " + topics.dispatchRequests());
        OtlpReceiver.ReceivedSpan decide = byName.get("decide dispatch");
        OtlpReceiver.ReceivedSpan execute = byName.get("execute command");

        assertThat(call.service()).isEqualTo("govstream-orbit");
        assertThat(call.kind()).isEqualTo(SERVER);
        assertThat(call.parentSpanId()).as("the call brought no traceparent: Orbit's span is the root").isEmpty();
        assertThat(call.attributes()).containsEntry("govstream.correlation_id", correlationId).containsEntry("govstream.tenant", "acme")
                .containsEntry("govstream.intent", "reason").containsEntry("http.response.status_code", "202");
        assertThat(publish.service()).isEqualTo("govstream-orbit");
        assertThat(publish.kind()).isEqualTo(PRODUCER);
        assertThat(publish.parentSpanId()).isEqualTo(call.spanId());
        assertThat(EventHeaders.spanId(answered)).as("Orbit answers the traceparent of the request it published")
                .isEqualTo(publish.spanId());
        assertThat(decide.service()).isEqualTo("govstream-governance-streams");
        assertThat(decide.kind()).isEqualTo(CONSUMER);
        assertThat(decide.parentSpanId()).isEqualTo(publish.spanId());
        assertThat(decide.attributes()).containsEntry("govstream.effect", "PERMIT").containsEntry("govstream.tenant", "acme")
                .containsEntry("govstream.intent", "reason").containsEntry("govstream.correlation_id", correlationId);
        assertThat(execute.service()).isEqualTo("govstream-axon");
        assertThat(execute.kind()).isEqualTo(CONSUMER);
        assertThat(execute.parentSpanId()).isEqualTo(decide.spanId());
        assertThat(execute.attributes()).containsEntry("govstream.status", "SUCCEEDED").containsEntry("govstream.intent", "reason");
        assertThat(receiver.refused()).isEmpty();

        Map<String, String> headers = traceparentHeaders(correlationId, topics.decisions(), topics.dispatchResults());
        // Flags as the trace's root set them (sampled, and W3C level 2's random trace id).
        String flags = answered.substring(53);
        assertThat(headers.get(topics.decisions())).isEqualTo("00-" + traceId + "-" + decide.spanId() + "-" + flags);
        assertThat(headers.get(topics.dispatchResults())).isEqualTo("00-" + traceId + "-" + execute.spanId() + "-" + flags);
        assertThat(headers.values()).allSatisfy(traceparent -> assertThat(EventHeaders.isTraceparent(traceparent)).isTrue());
    }

    private List<OtlpReceiver.ReceivedSpan> trace(String traceId) {
        return receiver.spans().stream().filter(span -> span.traceId().equals(traceId)).toList();
    }

    /** The {@code traceparent} header of the record keyed {@code correlationId} on each topic. */
    private Map<String, String> traceparentHeaders(String correlationId, String... topics) {
        Map<String, Object> admin = new HashMap<>(platform.adminClientProperties());
        admin.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        Map<String, String> traceparents = new HashMap<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(admin, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : topics) {
                consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (correlationId.equals(record.key()) && record.headers().lastHeader(EventHeaders.TRACEPARENT) != null) {
                        traceparents.put(record.topic(),
                                new String(record.headers().lastHeader(EventHeaders.TRACEPARENT).value(), StandardCharsets.UTF_8));
                    }
                }
                return traceparents.size() == topics.length;
            });
        }
        return traceparents;
    }
}
