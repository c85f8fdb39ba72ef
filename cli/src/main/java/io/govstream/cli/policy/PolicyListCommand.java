package io.govstream.cli.policy;

import io.govstream.cli.client.ClientConfigOption;
import io.govstream.cli.client.ExitCodes;
import io.govstream.cli.client.GovctlCommand;
import io.govstream.events.PolicySetPublished;
import io.govstream.policy.PolicyKeys;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "list", mixinStandardHelpOptions = true,
        description = {"List published policy sets: the latest version of each, per scope ('*' = global),",
                "and which one is in force in its scope ('yes'), and which shadow set is evaluated beside it ('shadow').",
                "--all lists every version."})
public final class PolicyListCommand extends GovctlCommand {
    @Mixin
    private ClientConfigOption config;
    @Option(names = "--all", description = "Every version, not only the latest.")
    private boolean all;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PolicyHistory history = PolicyCommand.publisher(config).history();
        if (history.all().isEmpty()) {
            out.println("no policy set is published: governance-streams decides with the shipped default");
            return ExitCodes.OK;
        }
        Map<String, PolicySetPublished> rows = new LinkedHashMap<>();
        for (PolicySetPublished p : history.all()) {
            String key = all ? PolicyKeys.topicKey(p) : PolicyKeys.scope(p.getTenantScope()) + "/" + p.getPolicySetId();
            rows.merge(key, p, (seen, next) -> seen.getVersion() < next.getVersion() ? next : seen);
        }
        String format = "%-8s %-24s %7s  %-18s %-8s %-21s %-24s %s%n";
        out.printf(format, "SCOPE", "POLICY SET", "VERSION", "MODE", "IN FORCE", "HASH", "PUBLISHED", "AUTHOR");
        rows.values().stream()
                .sorted(java.util.Comparator.comparing((PolicySetPublished p) -> PolicyKeys.topicKey(p)))
                .forEach(p -> {
                    String scope = PolicyKeys.scope(p.getTenantScope());
                    boolean inForce = history.inForce(scope, PolicyHistory.isPromotion(p)).map(f -> PolicyKeys.topicKey(f).equals(PolicyKeys.topicKey(p))).orElse(false);
                    boolean shadowed = history.shadowInForce(scope).map(f -> PolicyKeys.topicKey(f).equals(PolicyKeys.topicKey(p)))
                            .orElse(false);
                    String mode = p.getWithdrawn() ? "SHADOW (withdrawn)" : p.getMode().name();
                    out.printf(format, scope, p.getPolicySetId(), "v" + p.getVersion(), mode, inForce ? "yes" : shadowed ? "shadow" : "",
                            PolicyCommand.shortHash(p.getContentHash()), p.getPublishedAt(), p.getAuthor());
                });
        return ExitCodes.OK;
    }
}
