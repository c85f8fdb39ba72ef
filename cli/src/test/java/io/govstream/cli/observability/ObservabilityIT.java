package io.govstream.cli.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.govstream.cli.LivePlatform;
import io.govstream.cli.OnSharedPlatform;
import io.govstream.cli.PlatformIdle;
import io.govstream.cli.TestPorts;
import io.govstream.cli.platform.EmbeddedPlatform;
import io.govstream.cli.platform.LocalPrometheus;
import io.govstream.cli.platform.PlatformSettings;
import io.govstream.topology.Topics;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Observability of a running embedded platform, as an operator sees it: after some permitted,
 * denied and undecodable requests, every process serves its metrics and health; every metric the
 * shipped rules and dashboards use is really exported; a real Prometheus scraping the platform
 * with the shipped rules answers decision quantiles and counts; and one request's W3C trace id
 * can be followed from Orbit through the decision to Axon's result.
 *
 * <p>The platform is shared: every count is the change across this class's own traffic, measured
 * from a snapshot taken once the platform is idle (nothing of an earlier test still in flight).
 */
@Timeout(300)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@OnSharedPlatform
class ObservabilityIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String TRACEPARENT = "00-" + TRACE_ID + "-00f067aa0ba902b7-01";
    /** Series Prometheus makes itself for every target. */
    private static final Set<String> PROMETHEUS_SERIES = Set.of("up", "scrape_duration_seconds", "scrape_samples_scraped");
    private static final String AXON_REASONS_DONE = "axon_commands_total{intent=\"reason\",status=\"SUCCEEDED\"}";
    private static final String DENIED = "governance_decisions_total{effect=\"DENY\"";

    private Path dataDir;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private EmbeddedPlatform platform;
    private PlatformSettings settings;
    private String tracedCorrelationId;
    /** Each process's samples before this class's traffic. */
    private Map<String, Double> governanceBefore;
    private Map<String, Double> orbitBefore;
    private Map<String, Double> axonBefore;

    @BeforeAll
    void driveTraffic(@TempDir Path dir, EmbeddedPlatform shared) throws Exception {
        dataDir = dir;
        platform = shared;
        settings = platform.settings();
        PlatformIdle.await(platform);
        governanceBefore = samples(settings.governancePort());
        orbitBefore = samples(settings.orbitPort());
        axonBefore = samples(settings.axonPort());
        tracedCorrelationId = dispatch("axon", "reason", "acme", TRACEPARENT);
        dispatch("axon", "reason", "acme", null);
        dispatch("axon", "reason", "globex", null);
        dispatch("billing", "refund", "acme", null);
        HttpResponse<String> invalid = post("/dispatch", "{\"target\":\"axon\",\"tenant\":\"acme\"}", null);
        assertThat(invalid.statusCode()).isEqualTo(400);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(platform.clientProperties("producer"),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(new Topics(platform.catalogue()).externalRequests(),
                    "poison".getBytes(StandardCharsets.UTF_8), "not avro".getBytes(StandardCharsets.UTF_8))).get(30, TimeUnit.SECONDS);
        }
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).until(() -> {
            Map<String, Double> gov = samples(settings.governancePort());
            Map<String, Double> axon = samples(settings.axonPort());
            return sum(gov, "governance_decisions_total") - sum(governanceBefore, "governance_decisions_total") >= 4
                    && sum(gov, "governance_dead_letters_total") - sum(governanceBefore, "governance_dead_letters_total") >= 1
                    && sum(axon, AXON_REASONS_DONE) - sum(axonBefore, AXON_REASONS_DONE) >= 3;
        });
    }

    @Test
    void givenTraffic_whenEachProcessIsScraped_thenItExportsWhatHappened() throws Exception {
        Map<String, Double> gov = samples(settings.governancePort());
        assertThat(change(governanceBefore, gov, "governance_decisions_total{effect=\"PERMIT\"")).isEqualTo(3);
        assertThat(change(governanceBefore, gov,
                "governance_decisions_total{effect=\"DENY\",policy_set=\"default-dispatch\",rule=\"default-deny\",tenant=\"acme\"}"))
                .isEqualTo(1);
        assertThat(change(governanceBefore, gov, "governance_decision_latency_seconds_count")).isEqualTo(4);
        assertThat(change(governanceBefore, gov, "governance_decision_latency_seconds_bucket{effect=\"PERMIT\",le=\"+Inf\"}")).isEqualTo(3);
        assertThat(change(governanceBefore, gov, "governance_ledger_appends_total{kind=\"decision\"")).isEqualTo(4);
        assertThat(change(governanceBefore, gov, "governance_dead_letters_total")).isEqualTo(1);
        assertThat(sum(gov, "governance_streams_state{state=\"RUNNING\"}")).isEqualTo(1);
        assertThat(gov).containsKey("govstream_consumer_lag_records{group=\"governance-streams\",topic=\"governance.dispatch.requests\"}");
        assertThat(gov.keySet()).anyMatch(k -> k.startsWith("governance_ledger_head_offset{partition="));
        assertThat(gov.keySet()).anyMatch(k -> k.startsWith("kafka_stream_thread_process_total"));
        // Signed checkpoints come every 10 s and the probe reads them every 15 s: the age becomes a number.
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() ->
                assertThat(samples(settings.governancePort()).get("governance_ledger_checkpoint_age_seconds"))
                        .isNotNull().isNotNaN().isBetween(0.0, 120.0));

        Map<String, Double> orbit = samples(settings.orbitPort());
        assertThat(change(orbitBefore, orbit, "orbit_dispatches_total{outcome=\"accepted\"}")).isEqualTo(4);
        assertThat(change(orbitBefore, orbit, "orbit_dispatches_total{outcome=\"invalid\"}")).isEqualTo(1);
        assertThat(orbit.keySet()).anyMatch(k -> k.startsWith("kafka_producer_record_send_total{client_id=\"orbit-dispatch\""));

        Map<String, Double> axon = samples(settings.axonPort());
        assertThat(change(axonBefore, axon, "axon_work_duration_seconds_count{intent=\"reason\",status=\"SUCCEEDED\"}")).isEqualTo(3);
        assertThat(axon).containsKey("govstream_consumer_lag_records{group=\"axon\",topic=\"governance.axon.commands\"}");
        for (int port : ports()) {
            Map<String, Double> any = samples(port);
            assertThat(any.keySet()).as("JVM and process metrics on port " + port)
                    .anyMatch(k -> k.startsWith("jvm_memory_used_bytes"))
                    .anyMatch(k -> k.startsWith("process_cpu_usage"))
                    .anyMatch(k -> k.startsWith("process_uptime_seconds"));
        }
    }

    @Test
    void givenTheShippedRulesAndDashboards_whenTheirQueriesAreRead_thenEveryMetricTheyUseIsExported() throws Exception {
        Set<String> exported = new TreeSet<>(PROMETHEUS_SERIES);
        for (int port : ports()) {
            samples(port).keySet().forEach(series -> exported.add(series.replaceAll("\\{.*", "")));
        }
        Set<String> recorded = ObservabilityAssets.recordedNames();
        Map<String, String> notYet = ObservabilityAssets.notYetExported();
        Map<String, Set<String>> missing = new TreeMap<>();
        Set<String> used = new TreeSet<>();
        ObservabilityAssets.expressions().forEach((where, expr) -> {
            for (String name : ObservabilityAssets.metricNames(expr)) {
                used.add(name);
                if (!exported.contains(name) && !recorded.contains(name) && !notYet.containsKey(name)) {
                    missing.computeIfAbsent(name, k -> new TreeSet<>()).add(where);
                }
            }
        });
        assertThat(used).as("the parser found the metrics").contains("governance_decisions_total",
                "governance_decision_latency_seconds_bucket", "govstream_consumer_lag_records");
        assertThat(missing).as("metrics used by rules or dashboards that no process exports "
                + "(export them, or list them with a reason in deploy/prometheus/not-yet-exported.txt)").isEmpty();
        assertThat(notYet.keySet()).as("listed as not yet exported but exported now: remove from not-yet-exported.txt")
                .doesNotContainAnyElementsOf(exported);
    }

    @Test
    void givenTheRunningPlatform_whenProbed_thenEveryServiceIsLiveReadyAndNamesItsComponents() throws Exception {
        for (int port : ports()) {
            assertThat(get(port, "/health/live").statusCode()).as("live " + port).isEqualTo(200);
            assertThat(get(port, "/health/ready").statusCode()).as("ready " + port).isEqualTo(200);
        }
        JsonNode governance = JSON.readTree(get(settings.governancePort(), "/health").body()).path("details");
        for (String component : List.of("kafka", "kafka-streams", "schema-registry", "ledger-appender", "watchdog")) {
            assertThat(governance.path(component).path("status").asText()).as(component).isEqualTo("UP");
        }
        JsonNode axon = JSON.readTree(get(settings.axonPort(), "/health").body()).path("details");
        assertThat(axon.path("watchdog").path("details").path("axon-command-worker").asText()).startsWith("beating");
        assertThat(axon.path("kafka").path("details").path("brokers").asInt()).isEqualTo(1);
        JsonNode orbit = JSON.readTree(get(settings.orbitPort(), "/health").body()).path("details");
        assertThat(orbit.path("schema-registry").path("status").asText()).isEqualTo("UP");
    }

    @Test
    void givenADispatchWithATraceparent_whenFollowedThroughKafka_thenTheDecisionAndTheResultCarryItsTraceId() throws Exception {
        Topics topics = new Topics(platform.catalogue());
        Map<String, String> traceparents = new HashMap<>();
        Map<String, Object> admin = new HashMap<>(platform.adminClientProperties());
        admin.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(admin, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : List.of(topics.decisions(), topics.dispatchResults())) {
                consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    Header traceparent = record.headers().lastHeader("traceparent");
                    if (tracedCorrelationId.equals(record.key()) && traceparent != null) {
                        traceparents.put(record.topic(), new String(traceparent.value(), StandardCharsets.UTF_8));
                    }
                }
                return traceparents.size() == 2;
            });
        }
        assertThat(traceparents.get(topics.decisions())).startsWith("00-" + TRACE_ID + "-");
        assertThat(traceparents.get(topics.dispatchResults())).startsWith("00-" + TRACE_ID + "-")
                .as("Axon's result is its own span of the same trace").isNotEqualTo(traceparents.get(topics.decisions()));
    }

    @Test
    void givenARealPrometheusWithTheShippedRules_whenItScrapesThePlatform_thenItAnswersDecisionQuantilesAndCounts() throws Exception {
        Promtool.binary("prometheus");
        int port = TestPorts.next();
        LocalPrometheus prometheus = LocalPrometheus.start(Files.createDirectories(dataDir.resolve("prometheus")),
                platform.metricsEndpoints(), PlatformSettings.LOOPBACK, port, 1, null, null);
        try {
            // New traffic while Prometheus watches, so rates over its first minute are not empty.
            dispatch("axon", "reason", "acme", null);
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
                assertThat(prometheus.isAlive()).as(Files.readString(prometheus.log())).isTrue();
                assertThat(query(port, "count(up == 1)")).isEqualTo(4);
                assertThat(query(port, "sum(governance_decisions_total)"))
                        .isGreaterThanOrEqualTo(sum(governanceBefore, "governance_decisions_total") + 5);
                assertThat(query(port, "sum(governance_decisions_total{effect=\"DENY\"})")).isEqualTo(sum(governanceBefore, DENIED) + 1);
                dispatch("axon", "reason", "acme", null);
                double p95 = query(port, "histogram_quantile(0.95, sum by (le) (rate(governance_decision_latency_seconds_bucket[1m])))");
                double p50 = query(port, "histogram_quantile(0.50, sum by (le) (rate(governance_decision_latency_seconds_bucket[1m])))");
                assertThat(p95).isPositive().isLessThan(60).isGreaterThanOrEqualTo(p50);
                assertThat(query(port, "govstream:decision_latency_seconds:p99_5m")).isPositive();
            });
            JsonNode rules = JSON.readTree(httpGet(URI.create("http://127.0.0.1:" + port + "/api/v1/rules")).body());
            List<String> unhealthy = new ArrayList<>();
            for (JsonNode group : rules.path("data").path("groups")) {
                for (JsonNode rule : group.path("rules")) {
                    if (!rule.path("health").asText().equals("ok")) {
                        unhealthy.add(rule.path("name").asText() + ": " + rule.path("lastError").asText());
                    }
                }
            }
            assertThat(unhealthy).as("rules Prometheus could not evaluate").isEmpty();
        } finally {
            prometheus.close();
        }
    }

    private double query(int port, String promql) throws Exception {
        HttpResponse<String> response = httpGet(URI.create("http://127.0.0.1:" + port + "/api/v1/query?query="
                + URLEncoder.encode(promql, StandardCharsets.UTF_8)));
        JsonNode result = JSON.readTree(response.body()).path("data").path("result");
        assertThat(result.size()).as(promql + " -> " + response.body()).isEqualTo(1);
        return Double.parseDouble(result.get(0).path("value").get(1).asText());
    }

    private List<Integer> ports() {
        return List.of(settings.orbitPort(), settings.axonPort(), settings.governancePort(), settings.registryPort());
    }

    private String dispatch(String target, String intent, String tenant, String traceparent) throws Exception {
        HttpResponse<String> response = post("/dispatch", "{\"target\":\"" + target + "\",\"intent\":\"" + intent
                + "\",\"subject\":\"someone\",\"tenant\":\"" + tenant + "\"}", traceparent);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        if (traceparent != null) {
            assertThat(response.headers().firstValue("traceparent")).get().asString().startsWith("00-" + TRACE_ID + "-");
        }
        return JSON.readTree(response.body()).path("correlationId").asText();
    }

    private HttpResponse<String> post(String path, String body, String traceparent) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(settings.orbitUrl() + path))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + LivePlatform.token(platform, "someone", "dispatcher"))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (traceparent != null) {
            request.header("traceparent", traceparent);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(int port, String path) throws Exception {
        return httpGet(URI.create("http://localhost:" + port + path));
    }

    private HttpResponse<String> httpGet(URI uri) throws Exception {
        return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The samples of a process's /prometheus: series (name and labels as written) → value. */
    private Map<String, Double> samples(int port) throws Exception {
        HttpResponse<String> response = get(port, "/prometheus");
        assertThat(response.statusCode()).as("GET /prometheus on " + port).isEqualTo(200);
        Map<String, Double> samples = new LinkedHashMap<>();
        for (String line : response.body().split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int space = line.lastIndexOf(' ');
            samples.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
        }
        return samples;
    }

    /** How much the sum of the samples whose series starts with {@code prefix} grew from {@code before} to {@code after}. */
    private static double change(Map<String, Double> before, Map<String, Double> after, String prefix) {
        return sum(after, prefix) - sum(before, prefix);
    }

    /** The sum of every sample whose series starts with {@code prefix}. */
    private static double sum(Map<String, Double> samples, String prefix) {
        return samples.entrySet().stream().filter(e -> e.getKey().startsWith(prefix) && !e.getValue().isNaN())
                .mapToDouble(Map.Entry::getValue).sum();
    }
}
