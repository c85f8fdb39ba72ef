package io.govstream.cli.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.govstream.cli.Compaction;
import io.govstream.cli.GovctlRun;
import io.govstream.cli.LivePlatform;
import io.govstream.cli.LogCapture;
import io.govstream.cli.OnSharedPlatform;
import io.govstream.cli.TopicScan;
import io.govstream.cli.Unique;
import io.govstream.cli.dispatch.OrbitClient;
import io.govstream.cli.platform.EmbeddedPlatform;
import io.govstream.policy.Identities;
import io.govstream.schemas.gdpr.SubjectRef;
import io.govstream.topology.Topics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * One person who requested, approved, voted and deployed, erased on the running platform: afterwards
 * no topic of the cluster, read from its first record as the admin principal, and no log line of
 * the run holds their name in clear; what they had left open is closed (their own escalation,
 * denied) or goes on without their name (an escalation and a deployment gate they voted on); and
 * the ledger, its checkpoints and an evidence pack's proofs still verify.
 *
 * <p>The platform is shared: the tenant, services and people are this test's own. The state
 * changelogs and the keys topic compact within seconds while the test runs (their production
 * bound is documented in docs/ledger.md), and get their own settings back at the end.
 */
@Timeout(420)
@OnSharedPlatform
class ErasureEverywhereIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String POLICY = """
            id: %s
            tenant: %s
            description: sensitive questions need approvals
            rules:
              - id: escalate-pci
                match: {source: orbit, target: axon, intent: reason}
                when: has(request.payload.pci)
                effect: ESCALATE
                reason: "pci reasoning for ${subject} needs two approvals"
                obligations:
                  escalation: {approvals: {devops: 1, security: 1}, timeout: 1h}
              - id: escalate-sensitive
                match: {source: orbit, target: axon, intent: reason}
                when: has(request.payload.sensitive)
                effect: ESCALATE
                reason: "sensitive reasoning for ${subject} needs approval"
                obligations:
                  escalation: {approvals: {devops: 1}, timeout: 1h}
              - id: permit-reasoning
                match: {source: orbit, target: axon, intent: reason}
                effect: PERMIT
                reason: "reasoning is allowed for ${subject}"
            """;
    private static final String PROMOTION = """
            id: release-gates
            kind: promotion
            tenant: %s
            description: smoke to staging; checks and two devops approvals to production
            rules:
              - id: dev-to-staging
                match: {action: promote, from: dev, to: staging}
                effect: PERMIT
                reason: "smoke passed"
                obligations:
                  promotion: {checks: [smoke]}
              - id: staging-to-production
                match: {action: promote, from: staging, to: production}
                effect: PERMIT
                reason: "checks and two devops"
                obligations:
                  promotion: {checks: [integration], approvals: {devops: 2}, soak: 1s}
            """;

    @TempDir
    Path work;
    private final HttpClient http = HttpClient.newHttpClient();
    private Path dataDir;
    private String tenant;

    @Test
    void givenAPersonWhoRequestedApprovedVotedAndDeployed_whenErased_thenNoTopicNorLogLineNamesThem_andTheLedgerStillVerifies(
            EmbeddedPlatform platform) throws Exception {
        dataDir = platform.settings().dataDir();
        tenant = Unique.name("erasure");
        String person = Unique.name("erin") + "@example.com";
        String bob = Unique.name("bob") + "@example.com";
        String carol = Unique.name("carol") + "@example.com";
        String service = Unique.name("ledgerview");
        LogCapture logs = LogCapture.onRoot();
        List<Runnable> restore = new ArrayList<>();
        try {
            Path policy = Files.writeString(work.resolve("policy.yaml"), POLICY.formatted(tenant + "-dispatch", tenant));
            ok(govctl("policy", "apply", policy.toString(), "--author", "policy-bot"));
            // Authored: the promotion policy, and a flag.
            Path gates = Files.writeString(work.resolve("release-gates.yaml"), PROMOTION.formatted(tenant));
            ok(govctl("policy", "apply", gates.toString(), "--author", person));
            String flag = Unique.name("erasure_drill").replace('-', '_');
            ok(govctl("flag", "set", flag, "true", "--as", person, "--note", "set by " + person));
            OrbitClient orbit = new OrbitClient(platform.settings().orbitUrl(), platform.dispatcherTokens(), null);

            // Requested: their own request waits for an approval.
            String own = dispatch(orbit, person, "{\"sensitive\": true, \"note\": \"asked by " + person + "\"}", "ESCALATED");
            // Approved: bob's request, which their vote completes.
            String approved = dispatch(orbit, bob, "{\"sensitive\": true}", "ESCALATED");
            vote(platform, approved, person, "devops", "fine by " + person);
            assertThat(awaitStatus(orbit, approved, "COMPLETED").path("decision").path("effect").asText()).isEqualTo("PERMIT");
            // Voted: carol's request, which still needs security when they are erased.
            String voted = dispatch(orbit, carol, "{\"pci\": true}", "ESCALATED");
            vote(platform, voted, person, "devops", "ok from " + person);
            // Deployed: they report a deployment, request a promotion, and approve someone else's.
            ok(govctl("deploy", "complete", service, "1.0.0", "--env", "dev", "--as", person));
            ok(govctl("deploy", "check", service, "1.0.0", "--env", "dev", "--kind", "smoke", "--passed", "--as", "ci"));
            ok(govctl("deploy", "request", service, "1.0.0", "--from", "dev", "--to", "staging", "--as", person,
                    "--summary", "release by " + person));
            ok(govctl("deploy", "status", service, "--version", "1.0.0", "--to", "staging", "--wait", "--timeout", "60s"));
            ok(govctl("deploy", "complete", service, "1.0.0", "--env", "staging", "--as", "deployer"));
            ok(govctl("deploy", "request", service, "1.0.0", "--from", "staging", "--to", "production", "--as", bob));
            ok(govctl("deploy", "approve", service, "1.0.0", "--to", "production", "--as", person, "--role", "devops"));
            GovctlRun pending = govctl("deploy", "status", service);
            assertThat(pending.out()).as(pending.printed()).contains("pending 1.0.0 staging → production");

            // What the platform holds about them, across its records, before the erasure.
            JsonNode access = access(person);
            // Their request, the decision their vote completed and its step, their other vote's step, the deployment
            // they reported, the promotion they asked for and its decision, their approval of bob's.
            assertThat(access.path("entries").size()).as(access.toString()).isGreaterThanOrEqualTo(8);
            assertThat(access.toString()).contains(person);
            List<String> holding = new ArrayList<>();
            access.path("heldInClear").forEach(h -> holding.add(h.path("topic").asText()));
            assertThat(holding).as("access lists the topics holding their identifier in clear")
                    .contains(new Topics(platform.catalogue()).decisions(), changelog(platform, "pending-escalations"));
            Map<String, Integer> before = TopicScan.recordsContaining(platform.adminClientProperties(), person);
            Topics topics = new Topics(platform.catalogue());
            List<String> compacted = List.of(changelog(platform, "pending-escalations"), changelog(platform, "deployment-gates"),
                    changelog(platform, "policy-sets"), changelog(platform, "feature-flags"), topics.policies(), topics.flags(),
                    topics.ledgerKeys());
            assertThat(before).as("where the platform held their name before the erasure")
                    .containsKeys(changelog(platform, "pending-escalations"), changelog(platform, "deployment-gates"),
                            changelog(platform, "policy-sets"), changelog(platform, "feature-flags"), topics.policies(), topics.flags());
            restore.add(Compaction.fast(platform.adminClientProperties(), compacted));

            GovctlRun erase = govctl("ledger", "erase", person, "--reason", "ticket 77");
            assertThat(erase.code()).as(erase.printed()).isZero();
            assertThat(erase.out()).contains("erased: data keys of " + SubjectRef.of(person))
                    .containsPattern(topics.policies() + " +1 records rewritten").containsPattern(topics.flags() + " +1 records rewritten");

            // What they left open: their own request is denied, naming no one; the others go on without their name.
            JsonNode denied = awaitStatus(orbit, own, "DENIED");
            assertThat(denied.path("decision").path("reason").asText()).contains("erased").doesNotContain(person);
            assertThat(denied.toString()).doesNotContain(person);
            vote(platform, voted, Unique.name("dave") + "@example.com", "security", null);
            JsonNode permitted = awaitStatus(orbit, voted, "COMPLETED");
            assertThat(permitted.path("decision").path("reason").asText())
                    .contains(SubjectRef.erasedPerson(SubjectRef.of(person))).doesNotContain(person);

            // Read as an auditor would, until the changelogs' superseded records are compacted away.
            await().atMost(Duration.ofSeconds(150)).pollInterval(Duration.ofSeconds(3)).untilAsserted(() -> {
                Compaction.probe(platform.adminClientProperties(), compacted);
                assertThat(TopicScan.recordsContaining(platform.adminClientProperties(), person)).as("topics still holding their name after the erasure").isEmpty();
            });
            assertThat(TopicScan.recordsContaining(platform.adminClientProperties(), SubjectRef.of(bob)))
                    .as("the scan finds what is there: bob's pseudonym is in the ledger").isNotEmpty();

            JsonNode after = access(person);
            assertThat(after.path("erased").asBoolean()).isTrue();
            assertThat(after.path("entries").size()).as("the entries that named them are still there").isGreaterThanOrEqualTo(8);
            assertThat(after.path("entries").toString()).doesNotContain(person);
            assertThat(after.path("heldInClear")).as("no topic holds their identifier").isEmpty();
            GovctlRun flags = govctl("flag", "list");
            assertThat(flags.out()).as(flags.printed()).contains(flag).doesNotContain(person);
            GovctlRun versions = govctl("policy", "list", "--all");
            assertThat(versions.out()).as(versions.printed()).contains(SubjectRef.erasedPerson(Identities.key(person)))
                    .doesNotContain(person);

            // The ledger, its checkpoints and the proofs of an evidence pack still verify.
            GovctlRun verify = govctl("ledger", "verify");
            assertThat(verify.code()).as(verify.printed()).isZero();
            Path pack = work.resolve("pack.zip");
            ok(govctl("audit", "pack", "--since", "1h", "--out", pack.toString()));
            GovctlRun check = govctl("audit", "verify-pack", pack.toString(), "--key", dataDir.resolve("ledger-signing.pub.json").toString());
            assertThat(check.code()).as(check.printed()).isZero();
            GovctlRun proofs = govctl("ledger", "check-proof", pack.toString());
            assertThat(proofs.code()).as(proofs.printed()).isZero();
        } finally {
            logs.stop();
            restore.forEach(Runnable::run);
        }
        assertThat(logs.lines).as("the run logged").isNotEmpty();
        assertThat(logs.lines).as("log lines naming the person").noneMatch(line -> line.contains(person));
    }

    private GovctlRun govctl(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--data-dir");
        all.add(dataDir.toString());
        if (args[0].equals("deploy")) {
            all.add("--tenant");
            all.add(tenant);
        }
        return GovctlRun.of(all.toArray(String[]::new));
    }

    private static void ok(GovctlRun run) {
        assertThat(run.code()).as(run.printed()).isZero();
    }

    private String dispatch(OrbitClient orbit, String subject, String payload, String status) throws Exception {
        String id = orbit.dispatch(new OrbitClient.Dispatch("axon", "reason", subject, tenant, payload));
        awaitStatus(orbit, id, status);
        return id;
    }

    private static JsonNode awaitStatus(OrbitClient orbit, String id, String status) {
        return await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> orbit.await(id, Duration.ofSeconds(2)), v -> v.path("status").asText().equals(status));
    }

    private HttpResponse<String> vote(EmbeddedPlatform platform, String id, String voter, String role, String comment) throws Exception {
        String body = comment == null ? "{\"role\":\"" + role + "\"}" : "{\"role\":\"" + role + "\",\"comment\":\"" + comment + "\"}";
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(platform.settings().orbitUrl() + "/approvals/" + id + "/approve"))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + LivePlatform.token(platform, voter, role))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        return response;
    }

    private JsonNode access(String subject) throws Exception {
        GovctlRun run = govctl("ledger", "access", subject);
        assertThat(run.code()).as(run.err()).isZero();
        return JSON.readTree(run.out());
    }

    /** governance-streams' changelog topic of {@code store}. */
    private static String changelog(EmbeddedPlatform platform, String store) throws Exception {
        try (Admin admin = Admin.create(platform.adminClientProperties())) {
            return admin.listTopics().names().get().stream().filter(t -> t.endsWith("-" + store + "-changelog")).findFirst()
                    .orElseThrow(() -> new AssertionError("no changelog of " + store));
        }
    }
}
