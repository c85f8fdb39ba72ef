package io.govstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/** govctl as a user meets it without a running platform: help, usage errors, missing config. */
class GovctlTest {

    private record Run(int exitCode, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Govctl.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int code = cli.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "up", "demo", "dispatch", "ledger", "ledger verify", "ledger prove", "ledger check-proof", "ledger checkpoint", "ledger backup", "ledger restore", "ledger export", "ledger access", "ledger erase", "audit", "audit pack", "audit verify-pack", "audit report", "topology", "topology plan", "topology apply", "bench", "approve", "reject"})
    void givenAnyCommand_whenAskedForHelp_thenItPrintsUsageAndExitsZero(String command) {
        String[] args = (command.isEmpty() ? "--help" : command + " --help").split(" ");
        Run run = run(args);
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("Usage: govctl").contains(command);
    }

    @Test
    void givenAnUnknownOption_whenRun_thenUsageErrorExit2() {
        Run run = run("dispatch", "--intent", "reason", "--no-such-option");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("Unknown option: '--no-such-option'");
    }

    @Test
    void givenNoRunningPlatform_whenVerifyingTheLedger_thenItSaysHowToStartOne(@TempDir Path dir) {
        Run run = run("ledger", "verify", "--data-dir", dir.toString());
        assertThat(run.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(run.err()).contains("no client configuration at").contains("govctl up");
    }

    @Test
    void givenAnUnknownFormatOrTime_whenExporting_thenTheMessageSaysWhatIsAccepted(@TempDir Path dir) {
        Run format = run("ledger", "export", "--format", "xml", "--data-dir", dir.toString());
        assertThat(format.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(format.err()).contains("use jsonl, csv or avro");
        Run since = run("ledger", "export", "--since", "yesterday", "--data-dir", dir.toString());
        assertThat(since.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(since.err()).contains("'yesterday' is not a time", "24h");
    }

    @Test
    void givenNoPack_whenVerifyingIt_thenItSaysSo(@TempDir Path dir) throws Exception {
        java.nio.file.Files.writeString(dir.resolve("key.json"), io.govstream.ledger.checkpoint.CheckpointSigner.of(
                io.govstream.ledger.checkpoint.SigningKeys.generate()).publicKeysetJson());
        Run run = run("audit", "verify-pack", dir.resolve("missing.zip").toString(), "--key", dir.resolve("key.json").toString(),
                "--data-dir", dir.toString());
        assertThat(run.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(run.err()).contains("no evidence pack at");
    }

    @Test
    void givenNoOrbit_whenDispatching_thenItSaysOrbitIsUnreachable(@TempDir Path dir) {
        Run run = run("dispatch", "--intent", "reason", "--data-dir", dir.toString(), "--orbit", "http://localhost:1");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(run.err()).contains("cannot reach Orbit at http://localhost:1");
    }
}
