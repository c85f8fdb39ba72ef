package io.govstream.cli.flag;

import io.govstream.cli.client.ClientConfigOption;
import picocli.CommandLine.Command;

@Command(name = "flag", mixinStandardHelpOptions = true,
        description = {"Set, unset and list feature flags, which policy conditions read as flags.<name>.",
                "Changes go to the compacted flags topic; governance-streams applies them to live decisions within",
                "seconds, without a restart or redeploy, and records every change (who, when, old -> new) in the ledger."},
        subcommands = {FlagSetCommand.class, FlagUnsetCommand.class, FlagListCommand.class})
public final class FlagCommand {

    /** A publisher on the cluster the client config points at. */
    static FlagPublisher publisher(ClientConfigOption config) {
        return new FlagPublisher(config.clientProperties(), config.topics());
    }
}
