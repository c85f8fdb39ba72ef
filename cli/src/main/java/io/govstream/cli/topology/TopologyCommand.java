package io.govstream.cli.topology;

import picocli.CommandLine.Command;

@Command(name = "topology", mixinStandardHelpOptions = true,
        description = "The platform's Kafka topology as code: topics, principals, ACLs.",
        subcommands = {TopologyPlanCommand.class, TopologyApplyCommand.class})
public final class TopologyCommand {
}
