package io.govstream.cli.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.govstream.cli.ExitCodes;
import io.govstream.cli.Govctl;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** What govctl deploy says about bad arguments, before it reaches any cluster. */
class DeployArgumentsTest {
    @TempDir
    Path dir;

    private record Run(int exitCode, String out, String err) {
    }

    private Run run(String... args) {
        CommandLine cli = Govctl.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        String[] withDir = java.util.Arrays.copyOf(args, args.length + 2);
        withDir[args.length] = "--data-dir";
        withDir[args.length + 1] = dir.toString();
        return new Run(cli.execute(withDir), out.toString(), err.toString());
    }

    @Test
    void givenAnEnvironmentOffThePath_whenRequesting_thenExit1NamingTheEnvironments() {
        Run run = run("deploy", "request", "checkout", "1.4.2", "--from", "dev", "--to", "qa", "--as", "alice");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(run.err()).contains("--to 'qa' is not one of dev, staging, production, production-pci");
    }

    @Test
    void givenBothPassedAndFailed_whenReportingACheck_thenUsageError() {
        Run run = run("deploy", "check", "checkout", "1.4.2", "--env", "dev", "--kind", "smoke", "--passed", "--failed", "--as", "ci");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("mutually exclusive");
    }

    @Test
    void givenAnUnknownCheckKind_whenReporting_thenExit1ListingTheKinds() {
        Run run = run("deploy", "check", "checkout", "1.4.2", "--env", "dev", "--kind", "vibes", "--passed", "--as", "ci");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(run.err()).contains("--kind 'vibes' is not one of smoke, integration, load, security-scan, pci-compliance");
    }

    @Test
    void givenWaitWithoutTheGate_whenAskingStatus_thenExit1SayingWhatIsNeeded() {
        Run run = run("deploy", "status", "checkout", "--wait");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(run.err()).contains("--wait needs SERVICE, --version and --to");
    }

    @Test
    void givenAnUnknownFormat_whenExportingHistory_thenExit1() {
        Run run = run("deploy", "history", "--format", "xml");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(run.err()).contains("--format 'xml' is not table, csv or json");
    }

    @Test
    void givenNoRunningPlatform_whenApproving_thenItSaysHowToStartOne() {
        Run run = run("deploy", "approve", "checkout", "1.4.2", "--to", "production", "--as", "bob", "--role", "devops");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(run.err()).contains("govctl up");
    }

    @Test
    void givenHelp_thenTheStatusExitCodesOfTheContractAreListed() {
        Run run = run("deploy", "status", "--help");

        assertThat(run.out()).contains("Exit codes:", "3   with --wait: DENY", "4   with --wait: still PENDING at the timeout");
    }
}
