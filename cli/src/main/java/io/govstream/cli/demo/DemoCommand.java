package io.govstream.cli.demo;

import com.fasterxml.jackson.databind.JsonNode;
import io.govstream.cli.client.ExitCodes;
import io.govstream.cli.client.GovctlCommand;
import io.govstream.cli.ledger.LedgerCli;
import io.govstream.cli.ledger.LedgerVerifyCommand;
import io.govstream.cli.dispatch.OrbitClient;
import io.govstream.cli.platform.EmbeddedPlatform;
import io.govstream.cli.platform.PlatformSettings;
import io.govstream.ledger.KafkaLedgerReader;
import io.govstream.ledger.VerificationReport;
import io.govstream.topology.Topics;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.utils.Utils;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Start the platform in a temporary data dir on free ports, drive a scripted mix of permitted "
                + "and denied dispatches, a poison-pill record and a release that waits for approvals at its production gate, "
                + "wait for every outcome, verify the ledger, "
                + "print a summary and stop.",
                "Exits 0 when every outcome matched the shipped policy and the ledger verified; 1 otherwise."})
public final class DemoCommand extends GovctlCommand {
    @Option(names = "--keep", description = "Keep the temporary data dir and key dir (printed at the end) instead of deleting them.")
    private boolean keep;
    @Option(names = "--wait", defaultValue = "60", paramLabel = "SECONDS",
            description = "How long to wait for each outcome (default: ${DEFAULT-VALUE}).")
    private long waitSeconds;
    @Option(names = "--brokers", paramLabel = "N", defaultValue = "1",
            description = "Kafka nodes, as 'govctl up --brokers' (default: ${DEFAULT-VALUE}; 3 or more: one process each).")
    private int brokers;
    @Option(names = "--instances", paramLabel = "N", defaultValue = "1",
            description = "Instances of governance-streams and Axon, as 'govctl up --instances' (default: ${DEFAULT-VALUE}).")
    private int instances;

    static final List<DemoStep> SCRIPT = List.of(
            DemoStep.of("Orbit asks Axon for a heartbeat", "acme", "alice", "axon", "reason", "{\"note\":\"hello\"}", "COMPLETED"),
            DemoStep.of("another tenant, same request", "globex", "bob", "axon", "reason", "{}", "COMPLETED"),
            DemoStep.of("a shutdown request is denied by rule", "acme", "mallory", "axon", "shutdown", "{}", "DENIED"),
            DemoStep.of("an unknown target falls to default deny", "acme", "alice", "billing", "refund", "{\"amount\":42}", "DENIED"),
            DemoStep.of("one more heartbeat after the denials", "acme", "carol", "axon", "reason", "{}", "COMPLETED"));

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        long started = System.nanoTime();
        Path dataDir = Files.createTempDirectory("govctl-demo-");
        // The ledger's KEK is kept apart from the data dir, as govctl up keeps it, and goes with it.
        Path keyDir = Files.createTempDirectory("govctl-demo-keys-");
        List<String> failures = new ArrayList<>();
        try (EmbeddedPlatform platform = EmbeddedPlatform.start(
                PlatformSettings.ephemeral(dataDir, brokers, instances).withKeyDir(keyDir), step -> {
            out.println("  " + step);
            out.flush();
        })) {
            out.println();
            List<String[]> rows = runScript(platform, out, failures);
            PoisonPill.Outcome poison = PoisonPill.send(platform, Duration.ofSeconds(waitSeconds));
            if (!poison.deadLettered()) {
                failures.add("the poison-pill record did not reach the dead-letter topic: " + poison.detail());
            }
            out.println();
            out.println("release storefront 3.1.0 through the promotion gates (govctl deploy):");
            DemoPromotion release = new DemoPromotion(dataDir, waitSeconds, () -> {
                // A new instance of the root command (govctl) with its error handling, without naming it here.
                CommandLine root = spec.root().commandLine();
                return new CommandLine(root.getCommand().getClass()).setExecutionExceptionHandler(root.getExecutionExceptionHandler());
            });
            release.run().forEach(line -> out.println("  " + line));
            // One ledger entry per release event and gate decision, and the promotion policy change once per partition.
            int releaseEntries = release.ledgerEntries() + new KafkaLedgerReader(LedgerCli.kafkaOnly(platform.adminSettings()),
                    new Topics(platform.catalogue()).ledger()).partitionCount();
            failures.addAll(release.failures());
            out.println();
            LedgerVerifyCommand.SignedVerification signed = LedgerVerifyCommand.verifySigned(Map.copyOf(platform.adminSettings()),
                    dataDir, Duration.ofSeconds(30), out);
            VerificationReport ledger = signed.report();
            if (!ledger.isClean()) {
                failures.add("the ledger failed verification");
            } else if (ledger.entriesChecked() != SCRIPT.size() + releaseEntries) {
                failures.add("expected " + (SCRIPT.size() + releaseEntries) + " ledger entries (one per dispatch decision, release event "
                        + "and gate decision, and the promotion policy change per partition), found " + ledger.entriesChecked());
            } else if (!signed.headsCheckpointed()) {
                failures.add("no signed checkpoint covers every ledger partition's head within 30 s");
            }
            out.println();
            printTable(out, rows);
            out.println("poison pill: " + poison.detail());
            out.printf("ledger:      %d entries, %s; %d signed checkpoints verified (Ed25519, key in %s)%n", ledger.entriesChecked(),
                    ledger.isClean() ? "every chain verified" : "INVALID", signed.checkpointsVerified(),
                    dataDir.resolve("ledger-signing.pub.json").getFileName());
        } finally {
            if (keep) {
                out.println("data dir kept: " + dataDir + " (ledger key-encryption key in " + keyDir + ")");
            } else {
                Utils.delete(dataDir.toFile());
                Utils.delete(keyDir.toFile());
            }
        }
        out.printf("demo wall time: %.1f s%n", (System.nanoTime() - started) / 1e9);
        if (failures.isEmpty()) {
            out.println("demo OK: every outcome matched the policy and the ledger verified");
            return ExitCodes.OK;
        }
        failures.forEach(f -> spec.commandLine().getErr().println("demo FAILED: " + f));
        return ExitCodes.FAILURE;
    }

    private List<String[]> runScript(EmbeddedPlatform platform, PrintWriter out, List<String> failures)
            throws IOException, InterruptedException {
        OrbitClient orbit = new OrbitClient(platform.settings().orbitUrl(), platform.dispatcherTokens(), platform.settings().caCert());
        List<String[]> rows = new ArrayList<>();
        int n = 0;
        for (DemoStep step : SCRIPT) {
            n++;
            out.printf("[%d/%d] %s ...%n", n, SCRIPT.size(), step.story());
            out.flush();
            String id = orbit.dispatch(step.dispatch());
            JsonNode view = orbit.await(id, Duration.ofSeconds(waitSeconds));
            String status = view.path("status").asText();
            boolean ok = status.equals(step.expectedStatus());
            if (!ok) {
                failures.add("step " + n + " (" + step.story() + "): expected " + step.expectedStatus() + ", got " + status
                        + " — " + view.path("reason").asText());
            }
            JsonNode decision = view.path("decision");
            JsonNode result = view.path("result");
            rows.add(new String[] {String.valueOf(n), step.dispatch().tenant(), step.dispatch().subject(),
                    step.dispatch().target() + "/" + step.dispatch().intent(),
                    decision.path("effect").asText("-") + " (" + decision.path("ruleId").asText("-") + ")",
                    status, brief(result.isMissingNode() ? decision.path("reason").asText("") : result.path("output").asText()),
                    ok ? "yes" : "NO"});
        }
        return rows;
    }

    private static String brief(String text) {
        return text.length() <= 72 ? text : text.substring(0, 69) + "...";
    }

    private static void printTable(PrintWriter out, List<String[]> rows) {
        String[] header = {"#", "tenant", "subject", "target/intent", "decision (rule)", "outcome", "detail", "as expected"};
        StringBuilder format = new StringBuilder();
        for (int i = 0; i < header.length; i++) {
            int column = i;
            int width = rows.stream().mapToInt(row -> row[column].length()).reduce(header[i].length(), Math::max);
            format.append("%-").append(width).append("s  ");
        }
        String line = format.toString().stripTrailing() + "%n";
        out.printf(line, (Object[]) header);
        for (String[] row : rows) {
            out.printf(line, (Object[]) row);
        }
    }

}
