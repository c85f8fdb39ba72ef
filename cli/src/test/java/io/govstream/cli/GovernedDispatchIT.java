package io.govstream.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.govstream.cli.dispatch.OrbitClient;
import io.govstream.cli.ledger.LedgerCli;
import io.govstream.cli.platform.EmbeddedPlatform;
import io.govstream.cli.platform.PlatformSettings;
import io.govstream.ledger.VerificationReport;
import io.govstream.ledger.audit.LedgerAudit;
import io.govstream.topology.Catalogue;
import io.govstream.topology.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The governed dispatch path end to end on the embedded platform: Orbit → governance →
 * ledger → Axon → result, over SASL/SCRAM with each service as its own principal.
 */
@Timeout(300)
@PrivatePlatform("stops the platform and starts it again on the same data dir (the ledger across a restart)")
class GovernedDispatchIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dataDir;

    @Test
    void givenThePlatform_whenDispatching_thenPermittedWorkCompletes_deniedWorkIsRefused_andTheLedgerVerifies_acrossARestart()
            throws Exception {
        PlatformSettings settings = TestPorts.platform(dataDir);
        try (EmbeddedPlatform platform = EmbeddedPlatform.start(settings, step -> { })) {
            OrbitClient orbit = new OrbitClient(settings.orbitUrl(), platform.dispatcherTokens(), null);

            JsonNode permitted = dispatchAndWait(orbit, "axon", "reason", "alice");
            assertThat(permitted.path("status").asText()).isEqualTo("COMPLETED");
            assertThat(permitted.path("decision").path("effect").asText()).isEqualTo("PERMIT");
            assertThat(permitted.path("decision").path("policyHash").asText()).startsWith("sha256:");
            assertThat(JSON.readTree(permitted.path("result").path("output").asText()).path("heartbeat").asText()).isEqualTo("ok");

            JsonNode denied = dispatchAndWait(orbit, "billing", "refund", "bob");
            assertThat(denied.path("status").asText()).isEqualTo("DENIED");
            assertThat(denied.path("decision").path("ruleId").asText()).isEqualTo("default-deny");
            assertThat(denied.path("reason").asText()).isNotBlank();
            assertThat(denied.has("result")).isFalse();

            assertThat(verify(platform).entriesChecked()).isEqualTo(2);

            // Orbit's API on the live platform: no token 401, a reader's token 403, neither reaches governance.
            java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
            java.net.http.HttpRequest.Builder post = java.net.http.HttpRequest.newBuilder(java.net.URI.create(settings.orbitUrl() + "/dispatch"))
                    .header("Content-Type", "application/json")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"target\":\"axon\",\"intent\":\"reason\",\"tenant\":\"acme\"}"));
            assertThat(http.send(post.build(), java.net.http.HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);
            assertThat(http.send(post.header("Authorization", "Bearer " + LivePlatform.token(platform, "eve", "auditor")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(403);
            assertThat(verify(platform).entriesChecked()).as("refused calls decide nothing").isEqualTo(2);

            Map<String, Object> orbitPrincipal = new HashMap<>(platform.clientProperties("orbit"));
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(orbitPrincipal, new StringSerializer(),
                    new StringSerializer())) {
                String ledger = new Topics(platform.catalogue()).ledger();
                assertThatThrownBy(() -> producer.send(new ProducerRecord<>(ledger, "forged", "entry")).get())
                        .isInstanceOf(ExecutionException.class)
                        .hasCauseInstanceOf(TopicAuthorizationException.class);
            }
        }

        try (EmbeddedPlatform restarted = EmbeddedPlatform.start(settings, step -> { })) {
            JsonNode afterRestart = dispatchAndWait(new OrbitClient(settings.orbitUrl(), restarted.dispatcherTokens(), null),
                    "axon", "reason", "carol");
            assertThat(afterRestart.path("status").asText()).isEqualTo("COMPLETED");

            VerificationReport report = verify(restarted);
            assertThat(report.isClean()).as(report.toString()).isTrue();
            assertThat(report.entriesChecked()).isEqualTo(3);
        }
    }

    private static JsonNode dispatchAndWait(OrbitClient orbit, String target, String intent, String subject) throws Exception {
        String id = orbit.dispatch(new OrbitClient.Dispatch(target, intent, subject, "acme", "{}"));
        JsonNode view = orbit.await(id, Duration.ofSeconds(60));
        assertThat(view.path("correlationId").asText()).isEqualTo(id);
        return view;
    }

    private static VerificationReport verify(EmbeddedPlatform platform) {
        Map<String, Object> admin = new HashMap<>(platform.adminClientProperties());
        admin.put("schema.registry.url", platform.settings().registryUrl());
        LedgerCli ledger = new LedgerCli(admin, Catalogue.load(), null, null, null);
        VerificationReport report = LedgerAudit.run(ledger.ledgerTopic, ledger.ledgerStore(), ledger.checkpointsTopic, List.of(), null,
                ledger::entry, false, n -> { }).report();
        assertThat(report.problems()).isEmpty();
        return report;
    }
}
