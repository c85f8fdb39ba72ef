package io.govstream.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** One govctl command run in-process: its exit code and what it printed. */
public record GovctlRun(int code, String out, String err) {

    public static GovctlRun of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cmd = Govctl.commandLine();
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        int code = cmd.execute(args);
        return new GovctlRun(code, out.toString(), err.toString());
    }

    /** Everything printed, for assertion messages. */
    public String printed() {
        return out + err;
    }
}
