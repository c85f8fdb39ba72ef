package io.govstream.cli;

import io.govstream.cli.approval.ApproveCommand;
import io.govstream.cli.approval.RejectCommand;
import io.govstream.cli.audit.AuditCommand;
import io.govstream.cli.auth.TokenCommand;
import io.govstream.cli.bench.BenchCommand;
import io.govstream.cli.demo.DemoCommand;
import io.govstream.cli.deploy.DeployCommand;
import io.govstream.cli.keys.KeysCommand;
import io.govstream.cli.dispatch.DispatchCommand;
import io.govstream.cli.flag.FlagCommand;
import io.govstream.cli.ledger.LedgerCommand;
import io.govstream.cli.policy.PolicyCommand;
import io.govstream.cli.topology.TopologyCommand;
import io.govstream.cli.up.UpCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "govctl",
        mixinStandardHelpOptions = true,
        versionProvider = Govctl.Version.class,
        description = "Run, drive and audit the govstream governance platform.",
        subcommands = {UpCommand.class, DemoCommand.class, DispatchCommand.class, LedgerCommand.class, AuditCommand.class,
                PolicyCommand.class, FlagCommand.class, ApproveCommand.class, RejectCommand.class, DeployCommand.class, TopologyCommand.class, TokenCommand.class,
                KeysCommand.class, BenchCommand.class, CommandLine.HelpCommand.class})
public final class Govctl {

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs govctl and returns its exit code (for tests and the launcher). */
    public static int run(String... args) {
        return commandLine().execute(args);
    }

    /** The command line with govctl's error handling, for the launcher and tests. */
    public static CommandLine commandLine() {
        CommandLine govctl = new CommandLine(new Govctl()).setExecutionExceptionHandler(new ErrorHandler())
                .setExecutionStrategy(Govctl::executeAndFlush);
        headExitCodes(govctl);
        return govctl;
    }

    /** Every command that lists its exit codes heads the list the same way. */
    private static void headExitCodes(CommandLine command) {
        if (!command.getCommandSpec().usageMessage().exitCodeList().isEmpty()) {
            command.getCommandSpec().usageMessage().exitCodeListHeading("Exit codes:%n");
        }
        command.getSubcommands().values().forEach(Govctl::headExitCodes);
    }

    /** Runs the command, then flushes what it printed, so that no command needs to (print leaves its text buffered). */
    private static int executeAndFlush(CommandLine.ParseResult parsed) {
        try {
            return new CommandLine.RunLast().execute(parsed);
        } finally {
            for (CommandLine command : parsed.asCommandLineList()) {
                command.getOut().flush();
                command.getErr().flush();
            }
        }
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = Govctl.class.getPackage().getImplementationVersion();
            return new String[] {"govctl " + (version == null ? "development build" : version)};
        }
    }
}
