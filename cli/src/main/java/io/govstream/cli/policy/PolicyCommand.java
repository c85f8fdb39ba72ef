package io.govstream.cli.policy;

import io.govstream.cli.client.ClientConfigOption;
import picocli.CommandLine.Command;

@Command(name = "policy", mixinStandardHelpOptions = true,
        description = {"Validate, publish, inspect, roll back and test versioned policy sets.",
                "Publishing goes to the compacted policies topic; governance-streams applies it without a restart."},
        subcommands = {PolicyApplyCommand.class, PolicyListCommand.class, PolicyShowCommand.class, PolicyDiffCommand.class,
                PolicyRollbackCommand.class, PolicyTestCommand.class, PolicyWhatIfCommand.class, PolicyPromoteCommand.class,
                PolicyUnshadowCommand.class})
public final class PolicyCommand {

    /** A publisher on the cluster the client config points at. */
    static PolicyPublisher publisher(ClientConfigOption config) {
        return new PolicyPublisher(config.clientProperties(), config.topics());
    }

    static String shortHash(String hash) {
        return hash.length() > 19 ? hash.substring(0, 19) + "…" : hash;
    }
}
