package io.govstream.cli.client;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
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

    /** Writes {@code text} to {@code file}; a failure names the file. */
    protected static void write(Path file, String text) {
        try {
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
