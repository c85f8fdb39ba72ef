package io.govstream.cli.client;

import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * A govctl command with its picocli {@link CommandSpec}: it prints to the command line's writers
 * ({@code spec.commandLine().getOut()} and {@code getErr()}), which tests and callers may replace,
 * never to {@code System.out}.
 */
public abstract class GovctlCommand implements Callable<Integer> {
    @Spec
    protected CommandSpec spec;

    /** Who acts, as the ledger records it: {@code given}, else the OS user. */
    public static String author(String given) {
        if (given != null && !given.isBlank()) {
            return given;
        }
        String user = System.getProperty("user.name");
        return user == null || user.isBlank() ? "unknown" : user;
    }
}
