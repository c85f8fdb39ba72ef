package io.govstream.cli.approval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.govstream.cli.GovctlRun;
import io.govstream.cli.LivePlatform;
import io.govstream.cli.OnSharedPlatform;
import io.govstream.cli.Unique;
import io.govstream.cli.dispatch.OrbitClient;
import io.govstream.cli.platform.EmbeddedPlatform;
import io.govstream.cli.platform.PlatformSettings;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Orbit's approvals API on the embedded platform: a vote needs a token with a voting role, the
 * voter is the token's subject and the vote's role one of the token's; an accepted vote reaches
 * governance like {@code govctl approve} and completes the escalated request.
 *
 * <p>The platform is shared: the escalating policy is a set of this test's own tenant.
 */
@Timeout(300)
@OnSharedPlatform
class ApprovalsApiIT {
    private static final String POLICY = """
            id: %s
            tenant: %s
            description: sensitive questions need a devops approval
            rules:
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
                reason: "reasoning is allowed"
            """;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path work;
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void givenAnEscalatedRequest_whenVotesArePosted_thenOnlyAVotingRoleAsItself_isAccepted_andTheRequestCompletes(
            EmbeddedPlatform platform) throws Exception {
        PlatformSettings settings = platform.settings();
        Path dataDir = settings.dataDir();
        String tenant = Unique.name("acme");
        Path file = Files.writeString(work.resolve("escalate.yaml"), POLICY.formatted(tenant + "-dispatch", tenant));
        GovctlRun applied = GovctlRun.of("policy", "apply", file.toString(), "--author", "alice", "--data-dir", dataDir.toString());
        assertThat(applied.code()).as(applied.printed()).isZero();
        assertThat(applied.out()).contains("for tenant " + tenant);
        OrbitClient orbit = new OrbitClient(settings.orbitUrl(), platform.dispatcherTokens(), null);
        String id = orbit.dispatch(new OrbitClient.Dispatch("axon", "reason", "alice", tenant, "{\"sensitive\": true}"));
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ZERO)
                .until(() -> orbit.await(id, Duration.ofSeconds(1)), v -> v.path("status").asText().equals("ESCALATED"));
        String approve = settings.orbitUrl() + "/approvals/" + id + "/approve";

        HttpResponse<String> anonymous = post(approve, null, "{}");
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.body()).contains("no bearer token");

        HttpResponse<String> dispatcher = post(approve, LivePlatform.token(platform, "bob", "dispatcher"), "{}");
        assertThat(dispatcher.statusCode()).isEqualTo(403);
        assertThat(dispatcher.body()).contains("needs one of the roles [devops, security]");

        HttpResponse<String> otherRole = post(approve, LivePlatform.token(platform, "bob", "devops"), "{\"role\":\"security\"}");
        assertThat(otherRole.statusCode()).isEqualTo(403);
        assertThat(otherRole.body()).contains("may not vote in role 'security'");

        HttpResponse<String> asSomeoneElse = post(approve, LivePlatform.token(platform, "bob", "devops"), "{\"approver\":\"carol\"}");
        assertThat(asSomeoneElse.statusCode()).isEqualTo(403);
        assertThat(asSomeoneElse.body()).contains("token's subject");

        assertThat(orbit.await(id, Duration.ofSeconds(2)).path("status").asText()).as("no refused vote counted")
                .isEqualTo("ESCALATED");

        HttpResponse<String> accepted = post(approve, LivePlatform.token(platform, "bob", "devops"), "{\"comment\":\"fine\"}");
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        JsonNode voted = JSON.readTree(accepted.body());
        assertThat(voted.path("approver").asText()).isEqualTo("bob");
        assertThat(voted.path("role").asText()).isEqualTo("devops");
        assertThat(voted.path("vote").asText()).isEqualTo("approval");

        JsonNode completed = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ZERO)
                .until(() -> orbit.await(id, Duration.ofSeconds(5)), v -> v.path("status").asText().equals("COMPLETED"));
        assertThat(completed.path("decision").path("effect").asText()).isEqualTo("PERMIT");
        assertThat(completed.path("decision").path("reason").asText()).startsWith("approved by bob (devops)");

        GovctlRun verify = GovctlRun.of("ledger", "verify", "--data-dir", dataDir.toString());
        assertThat(verify.code()).as(verify.printed()).isZero();
    }

    private HttpResponse<String> post(String url, String token, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
