package io.govstream.cli.flag;

import io.govstream.cli.client.ClientConfigOption;
import io.govstream.cli.client.ExitCodes;
import io.govstream.cli.client.GovctlCommand;
import io.govstream.events.FlagChange;
import io.govstream.governance.flags.FlagValues;
import java.io.PrintWriter;
import java.util.Map;
import java.util.TreeMap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "list", mixinStandardHelpOptions = true,
        description = {"List the feature flags that are set, read from the compacted flags topic:",
                "name, type, value, when and by whom each was last changed."},
        exitCodeList = {"0:listed (also when no flag is set)", "1:cluster error"})
public final class FlagListCommand extends GovctlCommand {
    @Mixin
    private ClientConfigOption config;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Map<String, FlagChange> flags = new TreeMap<>(FlagCommand.publisher(config).current());
        if (flags.isEmpty()) {
            out.println("no flag is set: conditions see flags as an empty map");
            return ExitCodes.OK;
        }
        String format = "%-32s %-7s %-30s %-24s %s%n";
        out.printf(format, "NAME", "TYPE", "VALUE", "CHANGED", "BY");
        flags.forEach((name, change) -> out.printf(format, name, FlagValues.typeOf(change.getValue()).label(),
                FlagValues.text(change.getValue()), change.getChangedAt(), change.getAuthor()));
        return ExitCodes.OK;
    }
}
