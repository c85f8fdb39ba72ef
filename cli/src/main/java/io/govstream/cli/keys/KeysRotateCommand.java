package io.govstream.cli.keys;

import io.govstream.cli.client.DataDirOption;
import io.govstream.cli.client.ExitCodes;
import io.govstream.cli.client.GovctlCommand;
import io.govstream.runtime.commands.CommandSeal;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code govctl keys rotate}: a new primary signing key, the old ones kept for verification
 * (commands signed before are still in flight); {@code --retire} then drops every non-primary key.
 */
@Command(name = "rotate", mixinStandardHelpOptions = true,
        description = {"Add a new command-signing key and make it primary; older keys keep verifying.",
                "With --retire: remove every key but the primary (do it once commands signed by the old key have expired).",
                "governance-streams signs with the new key after its next start; Axon picks new keys up by itself."})
public final class KeysRotateCommand extends GovctlCommand {
    @Mixin
    private DataDirOption dataDir;
    @Option(names = "--retire", description = "Retire the non-primary keys instead of adding one.")
    private boolean retire;

    @Override
    public Integer call() {
        Path secrets = requireKeys(dataDir.dataDir());
        PrintWriter out = spec.commandLine().getOut();
        if (retire) {
            List<String> retired = CommandSeal.keyFiles(secrets).retire();
            out.println(retired.isEmpty() ? "nothing to retire: only the primary key " + CommandSeal.keyFiles(secrets).keyIds().get(0) + " is left"
                    : "retired " + String.join(", ", retired) + "; commands they signed are now refused");
        } else {
            String previous = CommandSeal.keyFiles(secrets).keyIds().get(0);
            String added = CommandSeal.keyFiles(secrets).rotate();
            out.println("new primary key " + added + "; " + previous + " still verifies until 'govctl keys rotate --retire'");
        }
        return ExitCodes.OK;
    }

    static Path requireKeys(Path dataDir) {
        Path secrets = dataDir.resolve("secrets");
        if (!Files.isRegularFile(CommandSeal.keyFiles(secrets).privateFile())) {
            throw new IllegalStateException("no command-signing keys at " + CommandSeal.keyFiles(secrets).privateFile()
                    + ": run 'govctl up' with this --data-dir first");
        }
        return secrets;
    }
}
