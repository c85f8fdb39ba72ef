package io.govstream.cli.approval;

import static org.assertj.core.api.Assertions.assertThat;

import io.govstream.cli.Govctl;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Argument handling of govctl approve / reject (the path through Orbit is in StatefulEscalationIT). */
class VoteCommandsTest {

    @Test
    void givenNoApprover_whenApprove_thenUsageErrorNamingTheOption() {
        StringWriter err = new StringWriter();
        CommandLine cmd = Govctl.commandLine();
        cmd.setErr(new PrintWriter(err, true));

        int code = cmd.execute("approve", "c-1", "--role", "devops");

        assertThat(code).isEqualTo(CommandLine.ExitCode.USAGE);
        assertThat(err.toString()).contains("govctl approve: --as NAME is required (or --token with the voter's own token)");
    }

    @Test
    void givenABlankRole_whenReject_thenRefusedBeforeAnythingIsSent() {
        StringWriter err = new StringWriter();
        CommandLine cmd = Govctl.commandLine();
        cmd.setErr(new PrintWriter(err, true));

        int code = cmd.execute("reject", "c-1", "--as", "dave", "--role", " ");

        assertThat(code).isEqualTo(CommandLine.ExitCode.USAGE);
        assertThat(err.toString()).contains("govctl reject: --role is blank");
    }

    @Test
    void givenHelp_thenBothCommandsAreListed() {
        StringWriter out = new StringWriter();
        CommandLine cmd = Govctl.commandLine();
        cmd.setOut(new PrintWriter(out, true));

        cmd.execute("--help");

        assertThat(out.toString()).contains("approve", "reject");
    }
}
