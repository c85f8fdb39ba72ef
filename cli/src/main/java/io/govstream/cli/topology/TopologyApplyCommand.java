package io.govstream.cli.topology;

import io.govstream.cli.client.ExitCodes;
import io.govstream.cli.client.GovctlCommand;
import io.govstream.topology.plan.Plan;
import java.io.PrintWriter;
import org.apache.kafka.clients.admin.Admin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "apply", mixinStandardHelpOptions = true,
        description = "Make the live cluster match the catalogue: creates first, then updates; a second apply changes nothing.")
public final class TopologyApplyCommand extends GovctlCommand {
    @Mixin
    private TopologyOptions options;
    @Option(names = "--dry-run", description = "Print the plan only (same as 'topology plan').")
    private boolean dryRun;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (Admin admin = options.admin()) {
            Plan plan = options.plan(admin);
            TopologyPlanCommand.print(out, plan);
            if (plan.hasErrors()) {
                return ExitCodes.FAILURE;
            }
            if (!dryRun && !plan.isEmpty()) {
                out.println(plan.apply(admin).summary());
            }
            return ExitCodes.OK;
        }
    }
}
