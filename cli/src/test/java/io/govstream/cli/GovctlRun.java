package io.govstream.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** One govctl invocation in this JVM, with its exit code and what it printed. */
public record GovctlRun(int exit, String out, String err) {

    public static GovctlRun govctl(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cmd = Govctl.commandLine();
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        int exit = cmd.execute(args);
        return new GovctlRun(exit, out.toString(), err.toString());
    }

    /** Everything printed, for assertion messages. */
    public String printed() {
        return out + err;
    }
}
