package io.govstream.cli.policy;

import io.govstream.cli.client.ExitCodes;
import io.govstream.cli.client.GovctlCommand;
import io.govstream.policy.PolicyEnvironment;
import io.govstream.policy.PolicyTests;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "test", mixinStandardHelpOptions = true,
        description = {"Run policy test files (YAML: 'policy: FILE' and 'cases'), offline: each case gives a request",
                "(and state, flags, now) and expects an effect, a deciding rule and a reason substring.",
                "Prints PASS/FAIL per case and, per policy, the rules no case decided (coverage)."},
        exitCodeList = {"0:every case passed", "1:a case failed, a file could not run, or no test file was found"})
public final class PolicyTestCommand extends GovctlCommand {
    @Parameters(paramLabel = "DIR", description = "A test file, or a directory searched recursively for test files.")
    private Path dir;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        if (!Files.exists(dir)) {
            throw new IllegalArgumentException("no such file or directory: " + dir);
        }
        PolicyTests.Report report = new PolicyTests(PolicyEnvironment.standard()).run(dir);
        if (report.files().isEmpty()) {
            out.println("no policy test files (YAML with 'cases') under " + dir);
            return ExitCodes.FAILURE;
        }
        for (PolicyTests.FileResult file : report.files()) {
            if (file.error() != null) {
                out.printf("%s: ERROR %s%n", file.file(), file.error());
                continue;
            }
            out.printf("%s → %s (%s v%s)%n", file.file(), file.policyFile(), file.policy().id(), file.policy().version());
            for (PolicyTests.CaseResult c : file.cases()) {
                out.printf("  %s %s%s%n", c.passed() ? "PASS" : "FAIL", c.name(), c.passed() ? "" : ": " + c.message());
            }
            int rules = file.policy().rules().size();
            out.printf("  coverage: %d/%d rules decided by a case%s%n", rules - file.uncoveredRules().size(), rules,
                    file.uncoveredRules().isEmpty() ? "" : "; not exercised: " + String.join(", ", file.uncoveredRules()));
        }
        out.printf("%d cases, %d failed%n", report.cases(), report.failures());
        return report.passed() ? ExitCodes.OK : ExitCodes.FAILURE;
    }
}
