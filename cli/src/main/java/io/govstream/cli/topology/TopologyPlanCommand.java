package io.govstream.cli.topology;

import io.govstream.cli.client.ExitCodes;
import io.govstream.cli.client.GovctlCommand;
import io.govstream.topology.plan.Plan;
import java.io.PrintWriter;
import org.apache.kafka.clients.admin.Admin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "plan", mixinStandardHelpOptions = true,
        description = "Print what 'apply' would change on the live cluster; change nothing.",
        exitCodeList = {"0:nothing to change", "1:error", "7:changes pending (see the plan)"})
public final class TopologyPlanCommand extends GovctlCommand {
    static final int CHANGES_PENDING = 7;
    @Mixin
    private TopologyOptions options;

    @Override
    public Integer call() {
        try (Admin admin = options.admin()) {
            Plan plan = options.plan(admin);
            print(spec.commandLine().getOut(), plan);
            return plan.hasErrors() ? ExitCodes.FAILURE : plan.isEmpty() ? ExitCodes.OK : CHANGES_PENDING;
        }
    }

    static void print(PrintWriter out, Plan plan) {
        if (!plan.topics().isEmpty()) {
            out.println("the cluster (" + plan.brokers() + (plan.brokers() == 1 ? " broker" : " brokers")
                    + ") has these topics of the catalogue:");
            plan.topics().forEach(topic -> out.println("  " + topic));
        }
        plan.errors().forEach(e -> out.println("! " + e));
        if (plan.isEmpty() && !plan.hasErrors()) {
            out.println("topology is up to date: nothing to change");
        } else {
            plan.describe().forEach(out::println);
            out.println(plan.actions().size() + " changes planned");
        }
        out.flush();
    }
}
