package io.govstream.cli;

import io.govstream.cli.client.ExitCodes;
import picocli.CommandLine;

/**
 * Prints a failed command's reason in one line (the stack trace only with GOVCTL_DEBUG=1)
 * and exits 1.
 */
final class ErrorHandler implements CommandLine.IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
        cmd.getErr().println(cmd.getColorScheme().errorText("govctl " + cmd.getCommandName() + ": " + message(e)));
        if ("1".equals(System.getenv("GOVCTL_DEBUG"))) {
            e.printStackTrace(cmd.getErr());
        }
        return ExitCodes.FAILURE;
    }

    private static String message(Throwable e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.toString() : message;
    }
}
