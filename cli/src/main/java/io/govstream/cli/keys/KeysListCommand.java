package io.govstream.cli.keys;

import io.govstream.cli.client.DataDirOption;
import io.govstream.cli.client.ExitCodes;
import io.govstream.cli.client.GovctlCommand;
import io.govstream.runtime.commands.CommandSeal;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "list", mixinStandardHelpOptions = true, description = "List the command-signing key ids, the primary first.")
public final class KeysListCommand extends GovctlCommand {
    @Mixin
    private DataDirOption dataDir;

    @Override
    public Integer call() {
        List<String> ids = CommandSeal.keyFiles(KeysRotateCommand.requireKeys(dataDir.dataDir())).keyIds();
        spec.commandLine().getOut().println("primary  " + ids.get(0));
        ids.subList(1, ids.size()).forEach(id -> spec.commandLine().getOut().println("verify   " + id));
        return ExitCodes.OK;
    }
}
