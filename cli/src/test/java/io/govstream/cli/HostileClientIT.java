package io.govstream.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.govstream.cli.auth.TokenKey;
import io.govstream.cli.dispatch.OrbitClient;
import io.govstream.cli.client.ClientFiles;
import io.govstream.cli.platform.EmbeddedPlatform;
import io.govstream.events.ApprovalEvent;
import io.govstream.events.ApprovalGranted;
import io.govstream.events.DeadLetter;
import io.govstream.events.DispatchCommand;
import io.govstream.events.DispatchRequested;
import io.govstream.events.Envelope;
import io.govstream.events.GovernanceDecision;
import io.govstream.ledger.VerificationReport;
import io.govstream.schemas.serde.AvroSerde;
import io.govstream.schemas.registry.RestSchemaRegistryClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A hostile client against a running platform ({@code govctl up} defaults), holding only the
 * external {@code producer} credentials of client.properties, a dispatcher token of another
 * tenant, or nothing at all, tries the attacks of docs/security.md section 10 on a real pending
 * escalation. Each is refused with a clear reason; afterwards the escalation is exactly as it was:
 * one approval by a person through Orbit permits the original request, Axon gets one command with
 * the original payload, and the ledger verifies.
 */
@Timeout(300)
@OnSharedPlatform
class HostileClientIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void givenAPendingEscalation_whenAHostileClientTriesEveryAttack_thenEachIsRefused_andTheEscalationIsUntouched(EmbeddedPlatform platform)
            throws Exception {
        String tenant = Unique.name("acme");
        String orbitUrl = platform.settings().orbitUrl();
        TokenKey.OrbitTokens dispatchers = platform.dispatcherTokens();
        OrbitClient orbit = new OrbitClient(orbitUrl, dispatchers, null);
        String id = orbit.dispatch(new OrbitClient.Dispatch("axon", "deploy-prod", "alice", tenant, "{\"release\":\"1.0\"}"));
        JsonNode escalated = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ZERO)
                .until(() -> orbit.await(id, Duration.ofSeconds(2)), v -> v.path("status").asText().equals("ESCALATED"));
        assertThat(escalated.path("decision").path("ruleId").asText()).isEqualTo("escalate-prod-deploys");

        Map<String, Object> producer = producerClient(platform);
        // 1. Claim to be Orbit: Orbit's requests topic is closed to the producer principal.
        assertRefusedWrite(producer, "governance.dispatch.requests");
        // 2. Hijack the escalation: the same correlation id, another subject and payload, on the external topic.
        byte[] forged = forgedRequest(platform, id, tenant);
        try (KafkaProducer<String, byte[]> kafka = new KafkaProducer<>(producer, new StringSerializer(), new ByteArraySerializer())) {
            kafka.send(new ProducerRecord<>("governance.dispatch.requests.external", id, forged)).get();
        }
        List<GovernanceDecision> onTheId = await().atMost(Duration.ofSeconds(60))
                .until(() -> decisionsOf(platform, id), decisions -> decisions.size() == 2);
        GovernanceDecision refused = onTheId.get(1);
        assertThat(refused.getEffect().name()).isEqualTo("DENY");
        assertThat(refused.getRuleId()).isIn("deny-unproven-request", "correlation-id-taken");
        assertThat(refused.getProvenance()).isEqualTo("external:producer");
        assertThat(orbit.await(id, Duration.ZERO).path("status").asText()).as("Orbit's view of the dispatch").isEqualTo("ESCALATED");
        // 3. Vote as anyone: the approvals topic is closed to the producer; a dispatcher token may not vote; nobody votes anonymously.
        assertRefusedWrite(producer, "governance.approvals");
        assertRefusedWrite(producer, "governance.deployments");
        String otherTenant = TokenKey.load(platform.settings().dataDir()).mint("mallory", List.of("dispatcher"), List.of(Unique.name("globex")),
                Duration.ofMinutes(5), Instant.now());
        assertThat(post(orbitUrl + "/approvals/" + id + "/approve", "{\"role\":\"devops\"}", otherTenant).statusCode()).isEqualTo(403);
        assertThat(post(orbitUrl + "/approvals/" + id + "/approve", "{\"role\":\"devops\"}", null).statusCode()).isEqualTo(401);
        // 4. Ignore tenants: a dispatcher of another tenant neither dispatches for this one nor reads its dispatch.
        HttpResponse<String> foreignDispatch = post(orbitUrl + "/dispatch",
                "{\"target\":\"axon\",\"intent\":\"reason\",\"tenant\":\"" + tenant + "\"}", otherTenant);
        assertThat(foreignDispatch.statusCode()).isEqualTo(403);
        assertThat(foreignDispatch.body()).contains("the token is not for tenant '" + tenant + "'");
        assertThat(get(orbitUrl + "/dispatch/" + id, otherTenant).statusCode()).as("another tenant's dispatch reads as unknown")
                .isEqualTo(404);
        // 5. Rewrite the registry anonymously.
        assertThat(put(platform.settings().registryUrl() + "/config", "{\"compatibility\":\"NONE\"}").statusCode()).isEqualTo(401);

        // The admin principal (the Kafka super user) writes two approvals under two names straight to the topic.
        AvroSerde<ApprovalEvent> votes = AvroSerde.forValue(ApprovalEvent.class, RestSchemaRegistryClient.fromConfig(Map.of(RestSchemaRegistryClient.URL_CONFIG, platform.settings().registryUrl())),
                false);
        Map<String, Object> admin = new HashMap<>(platform.adminClientProperties());
        try (KafkaProducer<String, byte[]> kafka = new KafkaProducer<>(admin, new StringSerializer(), new ByteArraySerializer())) {
            for (String name : List.of("dave", "erin")) {
                kafka.send(new ProducerRecord<>("governance.approvals", id, votes.encode("governance.approvals", vote(id, name)))).get();
            }
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> unsealedLetters(platform, id) == 2);
        assertThat(orbit.await(id, Duration.ZERO).path("status").asText()).as("two unsealed votes counted for nothing").isEqualTo("ESCALATED");

        // A person approves through Orbit: the original request, and only it, is permitted and done.
        String bob = TokenKey.load(platform.settings().dataDir()).mint("bob", List.of("devops"), List.of(tenant), Duration.ofMinutes(5),
                Instant.now());
        assertThat(post(orbitUrl + "/approvals/" + id + "/approve", "{\"role\":\"devops\"}", bob).statusCode()).isEqualTo(202);
        JsonNode done = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ZERO)
                .until(() -> orbit.await(id, Duration.ofSeconds(2)), v -> v.path("result").has("status"));
        assertThat(done.path("decision").path("effect").asText()).isEqualTo("PERMIT");
        assertThat(done.path("decision").path("reason").asText()).startsWith("approved by bob (devops)");
        // Axon has no deploy-prod handler: the permitted work is tried and fails there; what matters is that it was alice's.
        assertThat(done.path("status").asText()).isIn("COMPLETED", "FAILED");
        List<DispatchCommand> commands = PlatformRecords.read(platform, "governance.axon.commands", DispatchCommand.class).stream()
                .filter(c -> c.getEnvelope().getCorrelationId().equals(id)).toList();
        assertThat(commands).as("one command, for alice's request").hasSize(1);
        assertThat(commands.get(0).getSubject()).isEqualTo("alice");
        assertThat(commands.get(0).getPayload()).isEqualTo("{\"release\":\"1.0\"}");
        // A vote on the finished escalation changes nothing.
        String carol = TokenKey.load(platform.settings().dataDir()).mint("carol", List.of("security"), List.of(tenant), Duration.ofMinutes(5),
                Instant.now());
        int decided = decisionsOf(platform, id).size();
        long steps = steps(platform, id);
        assertThat(post(orbitUrl + "/approvals/" + id + "/reject", "{\"role\":\"security\"}", carol).statusCode()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(60)).until(() -> steps(platform, id) == steps + 1); // ledgered as ignored
        assertThat(decisionsOf(platform, id)).as("no new decision").hasSize(decided);
        assertThat(orbit.await(id, Duration.ZERO).path("status").asText()).isEqualTo(done.path("status").asText());
        VerificationReport report = PlatformRecords.verifyLedger(platform);
        assertThat(report.isClean()).as(report.toString()).isTrue();
    }

    private static ApprovalEvent vote(String correlationId, String approver) {
        Envelope envelope = Envelope.newBuilder().setEventId(Unique.name("vote")).setCorrelationId(correlationId).setCausationId(correlationId)
                .setTenant("-").setOccurredAt(Instant.now()).setProducer("orbit").build();
        return ApprovalEvent.newBuilder().setVote(ApprovalGranted.newBuilder().setEnvelope(envelope).setCorrelationId(correlationId)
                .setApprover(approver).setRole("devops").setAuthenticatedBy("bearer token of govstream-local").build()).build();
    }

    /** Dead letters of unsealed votes on {@code correlationId}. */
    private static long unsealedLetters(EmbeddedPlatform platform, String correlationId) {
        return PlatformRecords.read(platform, "governance.dead-letters", DeadLetter.class).stream()
                .filter(l -> l.getErrorType().endsWith("UnsealedEventException") && l.getSourceTopic().equals("governance.approvals")
                        && new String(l.getValue().array(), java.nio.charset.StandardCharsets.ISO_8859_1).contains(correlationId))
                .count();
    }

    /** Escalation steps (votes, counted or ignored) in the ledger under {@code correlationId}. */
    private static long steps(EmbeddedPlatform platform, String correlationId) {
        return PlatformRecords.read(platform, "governance.ledger", io.govstream.events.LedgerEntry.class).stream()
                .filter(e -> e.getSubjectKey().equals(correlationId) && e.getKind() == io.govstream.events.LedgerEntryKind.STATE_CHANGE)
                .count();
    }

    private static Map<String, Object> producerClient(EmbeddedPlatform platform) {
        Map<String, Object> client = new HashMap<>(ClientFiles.read(platform.settings().dataDir().resolve(ClientFiles.CLIENT)));
        client.keySet().removeIf(k -> k.startsWith("schema.registry.") || k.startsWith("basic.auth.") || k.equals("group.id")
                || k.equals("auto.register.schemas"));
        client.put("max.block.ms", 10_000);
        return client;
    }

    private static void assertRefusedWrite(Map<String, Object> producer, String topic) {
        try (KafkaProducer<String, byte[]> kafka = new KafkaProducer<>(producer, new StringSerializer(), new ByteArraySerializer())) {
            assertThatThrownBy(() -> kafka.send(new ProducerRecord<>(topic, "forged", new byte[] {0})).get())
                    .as("the producer principal writing " + topic).hasRootCauseInstanceOf(TopicAuthorizationException.class);
        }
    }

    /** The request as a hostile client would write it: Orbit's name, the escalated id, another subject and payload. */
    private static byte[] forgedRequest(EmbeddedPlatform platform, String correlationId, String tenant) {
        AvroSerde<DispatchRequested> serde = AvroSerde.forValue(DispatchRequested.class,
                RestSchemaRegistryClient.fromConfig(Map.of(RestSchemaRegistryClient.URL_CONFIG, platform.settings().registryUrl())), false);
        DispatchRequested request = DispatchRequested.newBuilder()
                .setEnvelope(Envelope.newBuilder().setEventId(Unique.name("forged")).setCorrelationId(correlationId)
                        .setCausationId(correlationId).setTenant(tenant).setOccurredAt(Instant.now()).setProducer("orbit").build())
                .setSource("orbit").setTarget("axon").setIntent("deploy-prod").setSubject("mallory").setPayload("{\"release\":\"evil\"}")
                .setProvenance("orbit").build();
        return serde.encode("governance.dispatch.requests.external", request);
    }

    private static List<GovernanceDecision> decisionsOf(EmbeddedPlatform platform, String correlationId) {
        return PlatformRecords.read(platform, "governance.decisions", GovernanceDecision.class).stream()
                .filter(d -> d.getEnvelope().getCorrelationId().equals(correlationId)).toList();
    }

    private HttpResponse<String> post(String url, String body, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String url, String token) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> put(String url, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/vnd.schemaregistry.v1+json")
                .PUT(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
