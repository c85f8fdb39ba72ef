package io.govstream.cli.flag;

import io.govstream.cli.client.ClientConfigOption;
import io.govstream.cli.client.ExitCodes;
import io.govstream.cli.client.GovctlCommand;
import io.govstream.governance.flags.FlagValues;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "set", mixinStandardHelpOptions = true,
        description = {"Set a feature flag. Conditions read it as flags.NAME, e.g.",
                "  when: flags.?axon_paused.orValue(false) == true",
                "Without --type, true/false is a bool, a number is a number, anything else a string.",
                "Setting the value a flag already has publishes nothing."},
        exitCodeList = {"0:published (or unchanged)", "1:invalid name or value (nothing published) or cluster error"})
public final class FlagSetCommand extends GovctlCommand {
    @Mixin
    private ClientConfigOption config;
    @Parameters(index = "0", paramLabel = "NAME", description = "Flag name: a letter or _, then letters, digits or _ (at most 64).")
    private String name;
    @Parameters(index = "1", paramLabel = "VALUE", description = "The value, e.g. true, 42, 0.5, strict, '{\"tenants\":[\"acme\"]}'.")
    private String value;
    @Option(names = "--type", paramLabel = "TYPE", description = "bool, string, number or json (default: from the value).")
    private String type;
    @Option(names = "--as", paramLabel = "NAME", description = "Who changes the flag, as the ledger records it (default: the OS user).")
    private String author;
    @Option(names = "--note", paramLabel = "TEXT", description = "Why; recorded with the change.")
    private String note;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Object parsed;
        try {
            FlagPublisher.requireValidName(name);
            parsed = FlagValues.parse(value, type(type));
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println("govctl flag set: " + e.getMessage() + "; nothing published");
            return ExitCodes.FAILURE;
        }
        String who = author(author);
        FlagPublisher.Outcome outcome = FlagCommand.publisher(config).set(name, parsed, who, note);
        if (outcome.published()) {
            out.printf("flag %s set: %s -> %s (%s) by %s; governance-streams applies it to every partition and ledgers it%n",
                    name, FlagValues.text(outcome.previous()), FlagValues.text(parsed), FlagValues.typeOf(parsed).label(), who);
        } else {
            out.printf("flag %s is already %s: nothing published%n", name, FlagValues.text(parsed));
        }
        return ExitCodes.OK;
    }

    private static FlagValues.Type type(String given) {
        if (given == null) {
            return null;
        }
        return Arrays.stream(FlagValues.Type.values()).filter(t -> t.label().equals(given.toLowerCase(Locale.ROOT))).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown --type '" + given + "': use one of "
                        + Arrays.stream(FlagValues.Type.values()).map(FlagValues.Type::label).collect(Collectors.joining(", "))));
    }
}
