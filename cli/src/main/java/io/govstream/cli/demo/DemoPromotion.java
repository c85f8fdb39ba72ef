package io.govstream.cli.demo;

import io.govstream.cli.client.ExitCodes;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;

/**
 * The demo's release: a promotion policy with a two-second soak is applied with {@code govctl
 * policy apply}, then storefront 3.1.0 goes dev → staging on a passed smoke test, and staging →
 * production waits (PENDING, "needs 2 more devops approvals") until bob and carol approve, then
 * goes through. Driven with the same {@code govctl deploy} commands a pipeline would run.
 */
final class DemoPromotion {
    static final String POLICY = """
            id: demo-promotion
            kind: promotion
            description: the demo's release gates (the shipped default soaks 24h before production)
            rules:
              - id: dev-to-staging
                match: {action: promote, from: dev, to: staging}
                effect: PERMIT
                reason: "smoke test passed"
                obligations:
                  promotion: {checks: [smoke]}
              - id: staging-to-production
                match: {action: promote, from: staging, to: production}
                effect: PERMIT
                reason: "checks passed, two devops approvals, soaked"
                obligations:
                  promotion: {checks: [integration, load, security-scan], approvals: {devops: 2}, soak: 2s}
            """;

    private final Path dataDir;
    private final String timeout;
    private final java.util.function.Supplier<CommandLine> govctl;
    private final List<String> lines = new ArrayList<>();
    private final List<String> failures = new ArrayList<>();

    /** @param govctl a fresh govctl command line per command the demo runs */
    DemoPromotion(Path dataDir, long waitSeconds, java.util.function.Supplier<CommandLine> govctl) {
        this.dataDir = dataDir;
        this.govctl = govctl;
        this.timeout = waitSeconds + "s";
    }

    /** Runs the release; returns what happened, one line per step ({@link #failures()}: what did not go as the policy says). */
    List<String> run() throws Exception {
        Path policy = Files.writeString(dataDir.resolve("demo-promotion.yaml"), POLICY);
        expect("apply the promotion policy", ExitCodes.OK, "policy", "apply", policy.toString(), "--author", "demo");
        expect("storefront 3.1.0 runs in dev", ExitCodes.OK, "deploy", "complete", "storefront", "3.1.0", "--env", "dev", "--as", "deployer");
        expect("alice asks dev → staging", ExitCodes.OK, "deploy", "request", "storefront", "3.1.0", "--from", "dev", "--to", "staging",
                "--as", "alice", "--summary", "faster checkout");
        expect("CI reports the smoke test", ExitCodes.OK, "deploy", "check", "storefront", "3.1.0", "--env", "dev", "--kind", "smoke",
                "--passed", "--evidence", "https://ci.example/storefront/41", "--as", "ci");
        expect("gate dev → staging", ExitCodes.OK, "deploy", "status", "storefront", "--version", "3.1.0", "--to", "staging", "--wait",
                "--timeout", timeout);
        expect("storefront 3.1.0 runs in staging", ExitCodes.OK, "deploy", "complete", "storefront", "3.1.0", "--env", "staging",
                "--as", "deployer");
        expect("alice asks staging → production", ExitCodes.OK, "deploy", "request", "storefront", "3.1.0", "--from", "staging",
                "--to", "production", "--as", "alice");
        for (String kind : List.of("integration", "load", "security-scan")) {
            expect("CI reports " + kind, ExitCodes.OK, "deploy", "check", "storefront", "3.1.0", "--env", "staging", "--kind", kind,
                    "--passed", "--as", "ci");
        }
        expect("gate staging → production waits for approvals", 4, "deploy", "status", "storefront", "--version", "3.1.0", "--to",
                "production", "--wait", "--timeout", "3s");
        expect("bob approves (devops)", ExitCodes.OK, "deploy", "approve", "storefront", "3.1.0", "--to", "production", "--as", "bob",
                "--role", "devops");
        expect("carol approves (devops)", ExitCodes.OK, "deploy", "approve", "storefront", "3.1.0", "--to", "production", "--as", "carol",
                "--role", "devops");
        expect("gate staging → production", ExitCodes.OK, "deploy", "status", "storefront", "--version", "3.1.0", "--to", "production",
                "--wait", "--timeout", timeout);
        return List.copyOf(lines);
    }

    /** How many ledger entries the release made: one per deployment event and decision (the change log's rows). */
    int ledgerEntries() {
        StringWriter out = new StringWriter();
        CommandLine cli = govctl.get();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(new StringWriter(), true));
        if (cli.execute("deploy", "history", "--format", "csv", "--data-dir", dataDir.toString()) != ExitCodes.OK) {
            failures.add("govctl deploy history failed");
            return 0;
        }
        return (int) out.toString().lines().count() - 1;
    }

    /** The outcome after {@link #ledgerEntries()} may have added a failure. */
    List<String> failures() {
        return List.copyOf(failures);
    }

    private void expect(String story, int expectedExit, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--data-dir");
        all.add(dataDir.toString());
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = govctl.get();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(all.toArray(String[]::new));
        String said = (out + err.toString()).strip().lines().reduce((a, b) -> b).orElse("");
        lines.add(String.format("%-48s exit %d  %s", story, code, said.length() <= 100 ? said : said.substring(0, 97) + "..."));
        if (code != expectedExit) {
            failures.add("promotion step '" + story + "': exit " + code + ", expected " + expectedExit + ": " + said);
        }
    }
}
