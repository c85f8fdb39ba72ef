package io.govstream.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.govstream.cli.dispatch.OrbitClient;
import io.govstream.cli.platform.EmbeddedPlatform;
import io.govstream.cli.platform.PlatformSettings;
import io.govstream.events.LedgerEntry;
import io.govstream.events.LedgerEntryKind;
import io.govstream.events.PolicyChanged;
import io.govstream.events.ShadowDecision;
import io.govstream.ledger.PayloadDecoder;
import io.govstream.ledger.VerificationReport;
import io.govstream.topology.Topics;
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
 * On the embedded platform, with traffic recorded in the ledger: {@code govctl policy whatif}
 * replays it through the shipped policy (nothing changes) and through a candidate (what changes,
 * grouped, with erased subjects skipped, flags as they were); the candidate published with {@code --shadow} is
 * evaluated beside the active set without being enforced and counted as diverging,
 * {@code policy unshadow} stops that, and {@code policy promote} makes it decide.
 */
@Timeout(400)
@PrivatePlatform("shadows and promotes the global default-dispatch set, sets axon_paused and replays all recorded traffic")
class PolicyWhatIfShadowIT {
    private static final Path SHIPPED = Path.of("../governance-streams/policies/default-dispatch.yaml");
    private static final String PAUSE_REASONING = """
            id: default-dispatch
            description: reasoning is paused unless urgent
            rules:
              - id: pause-reasoning
                match: {intent: reason}
                when: "!has(request.payload.urgent)"
                effect: DENY
                reason: "reasoning is paused for ${subject}"
              - id: permit-orbit-axon
                match: {source: orbit, target: axon, intent: [reason, heartbeat]}
                effect: PERMIT
                reason: "orbit may ask axon to ${intent}"
            """;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path dataDir;

    @Test
    void givenRecordedTraffic_whenACandidateIsReplayedThenShadowedThenPromoted_thenEachStepShowsWhatItWouldChange() throws Exception {
        PlatformSettings settings = TestPorts.platform(dataDir);
        try (EmbeddedPlatform platform = EmbeddedPlatform.start(settings, step -> { })) {
            OrbitClient orbit = new OrbitClient(settings.orbitUrl(), platform.dispatcherTokens(), null);
            assertThat(effect(orbit, "alice", "reason", "{}")).isEqualTo("PERMIT");
            assertThat(effect(orbit, "alice", "reason", "{}")).isEqualTo("PERMIT");
            assertThat(effect(orbit, "alice", "reason", "{\"urgent\": true}")).isEqualTo("PERMIT");
            assertThat(effect(orbit, "bob", "heartbeat", "{}")).isEqualTo("PERMIT");
            assertThat(effect(orbit, "carol", "reason", "{}")).isEqualTo("PERMIT");
            assertThat(effect(orbit, "dave", "shutdown", "{}")).isEqualTo("DENY");

            // The shipped policy replayed on its own decisions changes nothing.
            JsonNode same = whatIfJson(SHIPPED);
            assertThat(same.path("replayed").asLong()).isEqualTo(6);
            assertThat(same.path("changed").asLong()).isZero();

            Path candidate = Files.writeString(dataDir.resolve("pause.yaml"), PAUSE_REASONING);
            GovctlRun text = GovctlRun.of("policy", "whatif", candidate.toString(), "--since", "1h", "--examples", "1", "--data-dir", dataDir.toString());
            assertThat(text.code()).as(text.err()).isZero();
            assertThat(text.out()).contains("6 replayed, 3 would change", "pause-reasoning", "changed", "reasoning is paused for ");
            JsonNode changed = whatIfJson(candidate);
            assertThat(changed.path("changed").asLong()).isEqualTo(3);
            JsonNode first = changed.path("groups").get(0);
            assertThat(first.path("recordedEffect").asText() + "->" + first.path("candidateEffect").asText() + " "
                    + first.path("candidateRule").asText() + " x" + first.path("count").asLong()).isEqualTo("PERMIT->DENY pause-reasoning x3");
            assertThat(first.path("examples").get(0).path("recordedRule").asText()).isEqualTo("permit-orbit-axon-reason");

            // GDPR: an erased subject's requests cannot be read any more; they are skipped and counted.
            GovctlRun erase = GovctlRun.of("ledger", "erase", "carol", "--reason", "ticket 7", "--data-dir", dataDir.toString());
            assertThat(erase.code()).as(erase.out() + erase.err()).isZero();
            JsonNode afterErasure = whatIfJson(candidate);
            assertThat(afterErasure.path("notReplayed").path("ERASED").asLong()).isEqualTo(1);
            assertThat(afterErasure.path("replayed").asLong()).isEqualTo(5);
            assertThat(afterErasure.path("changed").asLong()).isEqualTo(2);

            // Flags: the shipped kill switch denies while axon_paused is on; the replay sees each flag as it was then.
            String dir = dataDir.toString();
            assertThat(GovctlRun.of("flag", "set", "axon_paused", "true", "--as", "erin", "--data-dir", dir).code()).isZero();
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                    .until(() -> decision(orbit, "bob", "heartbeat", "{}").path("ruleId").asText(), "axon-kill-switch"::equals);
            assertThat(GovctlRun.of("flag", "unset", "axon_paused", "--as", "erin", "--data-dir", dir).code()).isZero();
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                    .until(() -> decision(orbit, "bob", "heartbeat", "{}").path("effect").asText(), "PERMIT"::equals);
            JsonNode withFlags = whatIfJson(SHIPPED);
            assertThat(withFlags.path("changed").asLong()).as(withFlags.toPrettyString()).isZero();
            assertThat(withFlags.path("notes").toString()).contains("rules reading flags (axon-kill-switch)");
            assertThat(withFlags.path("groups").findValuesAsText("candidateRule")).contains("axon-kill-switch");

            // Shadow: evaluated beside v1 on live traffic, never enforced.
            GovctlRun shadow = GovctlRun.of("policy", "apply", candidate.toString(), "--shadow", "--author", "erin", "--data-dir", dataDir.toString());
            assertThat(shadow.code()).as(shadow.err()).isZero();
            assertThat(shadow.out()).contains("published default-dispatch v2 for the global scope (shadow)");
            assertThat(GovctlRun.of("policy", "list", "--data-dir", dataDir.toString()).out()).contains("SHADOW", "shadow");
            // A request decided once the shadow set is in force has its shadow decision in the same transaction as its decision.
            String id = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(
                    () -> {
                        String c = dispatch(orbit, "alice", "reason", "{}");
                        orbit.await(c, Duration.ofSeconds(60));
                        return c;
                    },
                    c -> PlatformRecords.read(platform, topics(platform).shadowDecisions(), ShadowDecision.class).stream()
                            .anyMatch(s -> s.getEnvelope().getCorrelationId().equals(c)));
            ShadowDecision seen = PlatformRecords.read(platform, topics(platform).shadowDecisions(), ShadowDecision.class).stream()
                    .filter(s -> s.getEnvelope().getCorrelationId().equals(id)).findFirst().orElseThrow();
            assertThat(seen.getEffect().name()).isEqualTo("DENY");
            assertThat(seen.getActiveEffect().name()).isEqualTo("PERMIT");
            assertThat(seen.getDiverged()).isTrue();
            assertThat(orbit.await(id, Duration.ofSeconds(60)).path("decision").path("effect").asText()).isEqualTo("PERMIT");
            String metrics = platform.metricsEndpoints().get("governance-streams");
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(scrape(metrics))
                    .containsPattern("governance_policy_shadow_decisions_total\\{[^}]*diverged=\"true\"[^}]*version=\"2\"[^}]*\\} [1-9]"));

            // Withdrawn: no longer evaluated (its shadow decision would be in the same transaction as the decision).
            GovctlRun unshadow = GovctlRun.of("policy", "unshadow", "default-dispatch", "--author", "erin", "--data-dir", dataDir.toString());
            assertThat(unshadow.code()).as(unshadow.err()).isZero();
            assertThat(unshadow.out()).contains("withdrew shadow default-dispatch v2 from the global scope (published as v3 by erin)");
            assertThat(GovctlRun.of("policy", "list", "--data-dir", dataDir.toString()).out()).contains("SHADOW (withdrawn)");
            String unshadowed = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> {
                String c = dispatch(orbit, "alice", "reason", "{}");
                orbit.await(c, Duration.ofSeconds(60));
                boolean shadowed = PlatformRecords.read(platform, topics(platform).shadowDecisions(), ShadowDecision.class).stream()
                        .anyMatch(s -> s.getEnvelope().getCorrelationId().equals(c));
                return shadowed ? null : c;
            }, java.util.Objects::nonNull);
            assertThat(unshadowed).isNotBlank();

            // Shadowed again, then promoted: it decides, and its shadow ends.
            assertThat(GovctlRun.of("policy", "apply", candidate.toString(), "--shadow", "--data-dir", dataDir.toString()).out())
                    .contains("published default-dispatch v4 for the global scope (shadow)");
            GovctlRun promote = GovctlRun.of("policy", "promote", "default-dispatch", "--author", "erin", "--data-dir", dataDir.toString());
            assertThat(promote.code()).as(promote.err()).isZero();
            assertThat(promote.out()).contains("promoted default-dispatch shadow v4: active as v5");
            JsonNode denied = await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ZERO)
                    .until(() -> orbit.await(dispatch(orbit, "alice", "reason", "{}"), Duration.ofSeconds(60)),
                            view -> view.path("decision").path("effect").asText().equals("DENY"));
            assertThat(denied.path("decision").path("policyVersion").asText()).isEqualTo("5");
            assertThat(GovctlRun.of("policy", "list", "--data-dir", dataDir.toString()).out()).doesNotContain("SHADOW");

            int partitions = topics(platform).spec(Topics.LEDGER).partitions();
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(PlatformRecords.read(platform, topics(platform).ledger(), LedgerEntry.class))
                    .filteredOn(e -> e.getKind() == LedgerEntryKind.POLICY_CHANGE)
                    .extracting(e -> PayloadDecoder.decode(e, PolicyChanged.class))
                    .as("shadow v2 published and withdrawn, shadow v4 published, promoted as v5 and ended: once in each ledger partition")
                    .extracting(p -> p.getVersion() + (p.getWithdrawn() ? " withdrawn" : " " + p.getMode()))
                    .containsOnly("2 SHADOW", "2 withdrawn", "4 SHADOW", "5 ACTIVE", "4 withdrawn").hasSize(5 * partitions));
            VerificationReport report = PlatformRecords.verifyLedger(platform);
            assertThat(report.isClean()).as(report.toString()).isTrue();
        }
    }

    private JsonNode whatIfJson(Path file) throws Exception {
        GovctlRun run = GovctlRun.of("policy", "whatif", file.toString(), "--json", "--data-dir", dataDir.toString());
        assertThat(run.code()).as(run.err()).isZero();
        return JSON.readTree(run.out());
    }

    private static String effect(OrbitClient orbit, String subject, String intent, String payload) throws Exception {
        return decision(orbit, subject, intent, payload).path("effect").asText();
    }

    private static JsonNode decision(OrbitClient orbit, String subject, String intent, String payload) throws Exception {
        return orbit.await(dispatch(orbit, subject, intent, payload), Duration.ofSeconds(60)).path("decision");
    }

    private static String dispatch(OrbitClient orbit, String subject, String intent, String payload) throws Exception {
        return orbit.dispatch(new OrbitClient.Dispatch("axon", intent, subject, "acme", payload));
    }

    private static String scrape(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    private static Topics topics(EmbeddedPlatform platform) {
        return new Topics(platform.catalogue());
    }
}
