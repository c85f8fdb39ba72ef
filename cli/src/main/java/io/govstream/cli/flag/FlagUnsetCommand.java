package io.govstream.cli.flag;

import io.govstream.cli.client.ClientConfigOption;
import io.govstream.cli.client.ExitCodes;
import io.govstream.cli.client.GovctlCommand;
import io.govstream.governance.flags.FlagNames;
import io.govstream.governance.flags.FlagValues;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "unset", mixinStandardHelpOptions = true,
        description = {"Unset (delete) a feature flag: conditions no longer see it, so their orValue(default) applies.",
                "The deletion is ledgered like any change (who, when, old value)."},
        exitCodeList = {"0:published", "1:no such flag, invalid name (nothing published) or cluster error"})
public final class FlagUnsetCommand extends GovctlCommand {
    @Mixin
    private ClientConfigOption config;
    @Parameters(paramLabel = "NAME", description = "The flag to unset.")
    private String name;
    @Option(names = "--as", paramLabel = "NAME", description = "Who unsets the flag, as the ledger records it (default: the OS user).")
    private String author;
    @Option(names = "--note", paramLabel = "TEXT", description = "Why; recorded with the change.")
    private String note;

    @Override
    public Integer call() {
        String who = author(author);
        FlagPublisher.Outcome outcome;
        try {
            String problem = FlagNames.problem(name);
            if (problem != null) {
                throw new IllegalArgumentException(problem + "; nothing published");
            }
            outcome = FlagCommand.publisher(config).unset(name, who, note);
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println("govctl flag unset: " + e.getMessage());
            return ExitCodes.FAILURE;
        }
        spec.commandLine().getOut().printf("flag %s unset (was %s) by %s; governance-streams applies it to every partition and ledgers it%n",
                name, FlagValues.text(outcome.previous()), who);
        return ExitCodes.OK;
    }
}
