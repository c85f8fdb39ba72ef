package io.govstream.cli.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.govstream.cli.Govctl;
import io.govstream.cli.LivePlatform;
import io.govstream.cli.OnSharedPlatform;
import io.govstream.cli.PlatformIdle;
import io.govstream.cli.PrometheusScrape;
import io.govstream.cli.Unique;
import io.govstream.cli.ledger.LedgerCli;
import io.govstream.cli.platform.EmbeddedPlatform;
import io.govstream.cli.platform.PlatformSettings;
import io.govstream.events.deployment.DeployCommand;
import io.govstream.events.deployment.DeploymentAction;
import io.govstream.ledger.VerificationReport;
import io.govstream.ledger.audit.LedgerAudit;
import io.govstream.runtime.commands.CommandSeal;
import io.govstream.schemas.registry.RestSchemaRegistryClient;
import io.govstream.schemas.serde.AvroSerde;
import io.govstream.topology.Catalogue;
import io.govstream.topology.Topics;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * On the embedded platform, with the CLI only: a promotion policy with soak times of seconds is
 * applied with {@code govctl policy apply}, then a release goes dev → staging → production →
 * production-pci through {@code govctl deploy} (one check through Orbit's HTTP API): checks, approvals (the requester's own ignored),
 * waiting with {@code status --wait} (PENDING exit 4 before the approvals, PERMIT exit 0 after the
 * soak, DENY exit 3 for a skipped step). It ends with three signed PROMOTE commands on the deploy
 * commands topic, the change log, and a ledger that verifies.
 *
 * <p>The platform is shared: the release is of services and in a tenant of this test's own, whose
 * promotion policy it is; the pending-gates gauge is read as its change from before the test.
 */
@Timeout(400)
@OnSharedPlatform
class DeploymentGovernanceIT {
    private static final String POLICY = """
            id: release-gates
            kind: promotion
            tenant: %s
            description: the shipped table with soak times of seconds, for a test that does not wait hours
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
                reason: "checks, two devops, soaked"
                obligations:
                  promotion: {checks: [integration, load, security-scan], approvals: {devops: 2}, soak: 3s}
              - id: production-to-pci
                match: {action: promote, from: production, to: production-pci}
                effect: PERMIT
                reason: "checks, PCI, two devops and security, soaked"
                obligations:
                  promotion: {checks: [integration, load, security-scan, pci-compliance], approvals: {devops: 2, security: 1}, soak: 3s}
            """;

    @TempDir
    Path work;
    private Path dataDir;
    private String tenant;

    @Test
    void givenAPromotionPolicy_whenAReleaseGoesThroughEveryGateWithGovctl_thenThreeSignedCommands_andTheLedgerVerifies(
            EmbeddedPlatform platform) throws Exception {
        PlatformSettings settings = platform.settings();
        dataDir = settings.dataDir();
        tenant = Unique.name("shop");
        String checkout = Unique.name("checkout");
        String billing = Unique.name("billing");
        String metrics = platform.metricsEndpoints().get("governance-streams");
        PlatformIdle.await(platform);
        double pendingBefore = PrometheusScrape.gauge(metrics, "governance_promotion_gates_pending");
        Path file = Files.writeString(work.resolve("release-gates.yaml"), POLICY.formatted(tenant));
        ok(govctl("policy", "apply", file.toString(), "--author", "alice"));

        ok(govctl("deploy", "complete", checkout, "2.0.0", "--env", "dev", "--as", "deployer"));
        ok(govctl("deploy", "request", checkout, "2.0.0", "--from", "dev", "--to", "staging", "--as", "alice",
                "--summary", "new checkout flow", "--digest", "sha256:feed"));
        ok(govctl("deploy", "check", checkout, "2.0.0", "--env", "dev", "--kind", "smoke", "--passed", "--evidence",
                "https://ci.example/runs/1", "--as", "ci"));
        Run staging = govctl("deploy", "status", checkout, "--version", "2.0.0", "--to", "staging", "--wait", "--timeout", "60s");
        assertThat(staging.code).as(staging.out + staging.err).isZero();
        assertThat(staging.out).contains("PERMIT " + checkout + " 2.0.0 → staging (rule dev-to-staging)");

        ok(govctl("deploy", "complete", checkout, "2.0.0", "--env", "staging", "--as", "deployer"));
        ok(govctl("deploy", "request", checkout, "2.0.0", "--from", "staging", "--to", "production", "--as", "alice",
                "--digest", "sha256:feed"));
        for (String kind : List.of("integration", "load")) {
            ok(govctl("deploy", "check", checkout, "2.0.0", "--env", "staging", "--kind", kind, "--passed", "--as", "ci"));
        }
        // The pipeline's other way in: Orbit's HTTP API (the reporter is the token's subject), publishing with Orbit's principal.
        HttpResponse<String> viaOrbit = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(settings.orbitUrl() + "/deployments/" + checkout + "/events"))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + LivePlatform.token(platform, "scanner", "ci"))
                .POST(HttpRequest.BodyPublishers.ofString("""
                        {"type": "CheckReported", "tenant": "%s", "version": "2.0.0", "environment": "staging",
                         "kind": "security-scan", "passed": true, "evidence": "https://scanner.example/9"}""".formatted(tenant)))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(viaOrbit.statusCode()).as(viaOrbit.body()).isEqualTo(202);
        assertThat(viaOrbit.body()).contains("\"type\":\"CheckReported\"");
        ok(govctl("deploy", "approve", checkout, "2.0.0", "--to", "production", "--as", "alice", "--role", "devops"));
        // An approval of another build does not count for this request.
        ok(govctl("deploy", "approve", checkout, "2.0.0", "--to", "production", "--as", "erin", "--role", "devops",
                "--digest", "sha256:0ther"));
        Run waiting = govctl("deploy", "status", checkout, "--version", "2.0.0", "--to", "production", "--wait", "--timeout", "3s");
        assertThat(waiting.code).as(waiting.out + waiting.err).isEqualTo(DeployStatusCommand.STILL_PENDING);
        assertThat(waiting.out).contains("PENDING " + checkout + " 2.0.0 → production", "needs 2 more devops approvals");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(PrometheusScrape.gauge(metrics, "governance_promotion_gates_pending")).isEqualTo(pendingBefore + 1));
        Run table = govctl("deploy", "status", checkout);
        assertThat(table.out).contains(checkout, "2.0.0").contains("pending 2.0.0 staging → production (requested by alice)");

        ok(govctl("deploy", "approve", checkout, "2.0.0", "--to", "production", "--as", "bob", "--role", "devops",
                "--digest", "sha256:feed"));
        ok(govctl("deploy", "approve", checkout, "2.0.0", "--to", "production", "--as", "carol", "--role", "devops"));
        ok(govctl("deploy", "status", checkout, "--version", "2.0.0", "--to", "production", "--wait", "--timeout", "60s"));

        ok(govctl("deploy", "complete", checkout, "2.0.0", "--env", "production", "--as", "deployer"));
        ok(govctl("deploy", "request", checkout, "2.0.0", "--from", "production", "--to", "production-pci", "--as", "alice"));
        // checks count where they ran: production → production-pci needs them passed in production
        for (String kind : List.of("integration", "load", "security-scan")) {
            ok(govctl("deploy", "check", checkout, "2.0.0", "--env", "production", "--kind", kind, "--passed", "--as", "ci"));
        }
        ok(govctl("deploy", "check", checkout, "2.0.0", "--env", "production", "--kind", "pci-compliance", "--passed",
                "--evidence", "https://audit.example/pci/7", "--as", "qsa"));
        for (String[] vote : List.of(new String[] {"bob", "devops"}, new String[] {"carol", "devops"}, new String[] {"dave", "security"})) {
            ok(govctl("deploy", "approve", checkout, "2.0.0", "--to", "production-pci", "--as", vote[0], "--role", vote[1]));
        }
        ok(govctl("deploy", "status", checkout, "--version", "2.0.0", "--to", "production-pci", "--wait", "--timeout", "60s"));
        ok(govctl("deploy", "complete", checkout, "2.0.0", "--env", "production-pci", "--as", "deployer"));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(PrometheusScrape.gauge(metrics, "governance_promotion_gates_pending")).isEqualTo(pendingBefore));

        ok(govctl("deploy", "request", billing, "1.0.0", "--from", "dev", "--to", "production", "--as", "alice"));
        Run skipped = govctl("deploy", "status", billing, "--version", "1.0.0", "--to", "production", "--wait", "--timeout", "60s");
        assertThat(skipped.code).as(skipped.out + skipped.err).isEqualTo(3);
        assertThat(skipped.out).contains("DENY " + billing + " 1.0.0 → production (rule adjacent-steps-only)");

        List<DeployCommand> commands = deployCommands(platform, checkout, 3);
        CommandSeal.Verifier verifier = CommandSeal.Verifier.fromFile(CommandSeal.keyFiles(dataDir.resolve("secrets")).publicFile());
        assertThat(commands).extracting(DeployCommand::getAction, DeployCommand::getEnvironment).containsExactly(
                org.assertj.core.groups.Tuple.tuple(DeploymentAction.PROMOTE, "staging"),
                org.assertj.core.groups.Tuple.tuple(DeploymentAction.PROMOTE, "production"),
                org.assertj.core.groups.Tuple.tuple(DeploymentAction.PROMOTE, "production-pci"));
        assertThat(commands).allSatisfy(c -> assertThat(verifier.check(c, Instant.now())).as("signature").isNull());
        assertThat(commands.get(0).getDigest()).isEqualTo("sha256:feed");

        Run csv = govctl("deploy", "history", checkout, "--format", "csv");
        assertThat(csv.code).as(csv.err).isZero();
        assertThat(csv.out).startsWith("time,ledger,service,version,event,environment,actor,role,outcome,detail,correlationId")
                .contains("PromotionRequested,dev → staging,alice,,,new checkout flow; sha256:feed")
                .contains("CheckReported:smoke,dev,ci,,passed,https://ci.example/runs/1")
                .contains("CheckReported:security-scan,staging,scanner,,passed,https://scanner.example/9")
                .contains("ApprovalGranted,→ production-pci,dave,security")
                .contains("ApprovalGranted,→ production,bob,devops,,sha256:feed")
                .contains("Decision:PROMOTE,production → production-pci,alice,,PERMIT")
                .contains("DeploymentCompleted,production-pci,deployer,,live");
        // The history is read from the ledger the given catalogue names, not the built-in one.
        String shipped;
        try (java.io.InputStream in = Catalogue.class.getClassLoader().getResourceAsStream(Catalogue.RESOURCE)) {
            shipped = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        java.nio.file.Path elsewhere = java.nio.file.Files.writeString(dataDir.resolve("other-ledger.yaml"),
                shipped.replace("name: governance.ledger\n", "name: other.ledger\n"));
        Run other = govctl("deploy", "history", checkout, "--format", "csv", "--catalogue", elsewhere.toString());
        assertThat(other.code).isEqualTo(1);
        assertThat(other.err).contains("Ledger topic other.ledger does not exist");
        assertThat(other.out).doesNotContain("PromotionRequested");

        Run json = govctl("deploy", "history", "--since", "1h", "--format", "json");
        assertThat(json.out).contains("\"format\" : \"govstream-change-log-v1\"", "policy release-gates v1 rule production-to-pci",
                "approval by alice ignored: the requester may not approve",
                "approval by erin (devops) ignored: it is for digest sha256:0ther, the open request of 2.0.0 to production is for sha256:feed");

        Map<String, Object> admin = new HashMap<>(platform.adminClientProperties());
        admin.put("schema.registry.url", settings.registryUrl());
        LedgerCli ledger = new LedgerCli(admin, Catalogue.load(), null, null, null);
        VerificationReport report = LedgerAudit.run(ledger.ledgerTopic, ledger.ledgerStore(), ledger.checkpointsTopic, List.of(), null,
                ledger::entry, false, n -> { }).report();
        assertThat(report.isClean()).as(report.toString()).isTrue();
    }

    /** The first {@code expected} deploy commands of {@code service}, in the order of the topic. */
    private List<DeployCommand> deployCommands(EmbeddedPlatform platform, String service, int expected) {
        Map<String, Object> props = new HashMap<>(platform.adminClientProperties());
        props.put("isolation.level", "read_committed");
        String topic = new Topics(Catalogue.load()).deployCommands();
        AvroSerde<DeployCommand> serde = AvroSerde.forValue(DeployCommand.class,
                RestSchemaRegistryClient.fromConfig(Map.of(RestSchemaRegistryClient.URL_CONFIG, platform.settings().registryUrl())), true);
        List<DeployCommand> out = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    DeployCommand command = serde.decode(topic, record.value());
                    if (command.getService().equals(service)) {
                        out.add(command);
                    }
                }
                return out.size() >= expected;
            });
        }
        return out;
    }

    private void ok(Run run) {
        assertThat(run.code).as(String.join(" ", run.args) + ": " + run.out + run.err).isZero();
    }

    private record Run(List<String> args, int code, String out, String err) {
    }

    private Run govctl(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--data-dir");
        all.add(dataDir.toString());
        if (args[0].equals("deploy")) {
            all.add("--tenant");
            all.add(tenant);
        }
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cmd = Govctl.commandLine();
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        int code = cmd.execute(all.toArray(String[]::new));
        return new Run(all, code, out.toString(), err.toString());
    }
}
