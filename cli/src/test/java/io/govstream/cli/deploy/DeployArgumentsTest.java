package io.govstream.cli.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.govstream.cli.GovctlRun;
import io.govstream.cli.client.ExitCodes;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What govctl deploy says about bad arguments, before it reaches any cluster. */
class DeployArgumentsTest {
    @TempDir
    Path dir;

    private GovctlRun run(String... args) {
        String[] withDir = java.util.Arrays.copyOf(args, args.length + 2);
        withDir[args.length] = "--data-dir";
        withDir[args.length + 1] = dir.toString();
        return GovctlRun.of(withDir);
    }

    @Test
    void givenAnEnvironmentOffThePath_whenRequesting_thenExit1NamingTheEnvironments() {
        GovctlRun run = run("deploy", "request", "checkout", "1.4.2", "--from", "dev", "--to", "qa", "--as", "alice");

        assertThat(run.code()).isEqualTo(ExitCodes.FAILURE);
        assertThat(run.err()).contains("--to 'qa' is not one of dev, staging, production, production-pci");
    }

    @Test
    void givenBothPassedAndFailed_whenReportingACheck_thenUsageError() {
        GovctlRun run = run("deploy", "check", "checkout", "1.4.2", "--env", "dev", "--kind", "smoke", "--passed", "--failed", "--as", "ci");

        assertThat(run.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("mutually exclusive");
    }

    @Test
    void givenAnUnknownCheckKind_whenReporting_thenExit1ListingTheKinds() {
        GovctlRun run = run("deploy", "check", "checkout", "1.4.2", "--env", "dev", "--kind", "vibes", "--passed", "--as", "ci");

        assertThat(run.code()).isEqualTo(ExitCodes.FAILURE);
        assertThat(run.err()).contains("--kind 'vibes' is not one of smoke, integration, load, security-scan, pci-compliance");
    }

    @Test
    void givenWaitWithoutTheGate_whenAskingStatus_thenExit1SayingWhatIsNeeded() {
        GovctlRun run = run("deploy", "status", "checkout", "--wait");

        assertThat(run.code()).isEqualTo(ExitCodes.FAILURE);
        assertThat(run.err()).contains("--wait needs SERVICE, --version and --to");
    }

    @Test
    void givenAnUnknownFormat_whenExportingHistory_thenExit1() {
        GovctlRun run = run("deploy", "history", "--format", "xml");

        assertThat(run.code()).isEqualTo(ExitCodes.FAILURE);
        assertThat(run.err()).contains("--format 'xml' is not table, csv or json");
    }

    @Test
    void givenNoRunningPlatform_whenApproving_thenItSaysHowToStartOne() {
        GovctlRun run = run("deploy", "approve", "checkout", "1.4.2", "--to", "production", "--as", "bob", "--role", "devops");

        assertThat(run.code()).isEqualTo(ExitCodes.FAILURE);
        assertThat(run.err()).contains("govctl up");
    }

    @Test
    void givenHelp_thenTheStatusExitCodesOfTheContractAreListed() {
        GovctlRun run = run("deploy", "status", "--help");

        assertThat(run.out()).contains("Exit codes:", "3   with --wait: DENY", "4   with --wait: still PENDING at the timeout");
    }
}
