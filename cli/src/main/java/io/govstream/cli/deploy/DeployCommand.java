package io.govstream.cli.deploy;

import picocli.CommandLine.Command;

@Command(name = "deploy", mixinStandardHelpOptions = true,
        description = {"Release governance: promotion gates dev → staging → production → production-pci, approvals by role,",
                "soak times, change freezes, blue/green health watches and rollbacks, decided by governance-streams under the",
                "promotion policy (kind: promotion; 'govctl policy apply|test' work on it). Every event and decision is a ledger entry.",
                "All subcommands use the admin client config of the data dir (--config FILE for another)."},
        subcommands = {DeployEventCommands.Request.class, DeployEventCommands.Check.class, DeployEventCommands.Approve.class,
                DeployEventCommands.Revoke.class, DeployEventCommands.Complete.class, DeployEventCommands.Switch.class,
                DeployEventCommands.Health.class, DeployStatusCommand.class, DeployHistoryCommand.class,
                DeployEventCommands.Rollback.class})
public final class DeployCommand {
}
