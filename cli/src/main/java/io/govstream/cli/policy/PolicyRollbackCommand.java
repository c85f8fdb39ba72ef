package io.govstream.cli.policy;

import io.govstream.cli.client.ClientConfigOption;
import io.govstream.cli.client.ExitCodes;
import io.govstream.cli.client.GovctlCommand;
import io.govstream.events.PolicyMode;
import io.govstream.events.PolicySetPublished;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "rollback", mixinStandardHelpOptions = true,
        description = {"Put an earlier version of a policy set back in force by republishing its document as a new version",
                "(history only grows). Default: the version before the latest."})
public final class PolicyRollbackCommand extends GovctlCommand {
    @Mixin
    private ClientConfigOption config;
    @Parameters(paramLabel = "ID", description = "Policy set id.")
    private String id;
    @Option(names = "--to", paramLabel = "V", description = "The version to restore (default: the one before the latest).")
    private Integer to;
    @Option(names = "--tenant", paramLabel = "TENANT", description = "Scope of the set when its id exists in several ('*' = global).")
    private String tenant;
    @Option(names = "--author", paramLabel = "NAME", description = "Who rolls back (default: the OS user).")
    private String author;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PolicyPublisher publisher = PolicyCommand.publisher(config);
        PolicyHistory history = publisher.history();
        String scope = history.scopeOf(id, tenant);
        List<PolicySetPublished> versions = history.versions(scope, id);
        PolicySetPublished latest = versions.get(versions.size() - 1);
        PolicySetPublished target;
        if (to != null) {
            target = history.version(scope, id, to);
        } else if (versions.size() < 2) {
            throw new IllegalArgumentException("policy set '" + id + "' has only version " + latest.getVersion() + ": nothing to roll back to");
        } else {
            target = versions.get(versions.size() - 2);
        }
        PolicyPublisher.Outcome outcome = publisher.apply(target.getSource(), target.getFileName(), author(author),
                PolicyMode.ACTIVE, "rollback to v" + target.getVersion());
        PolicySetPublished p = outcome.publication();
        if (!outcome.published()) {
            out.printf("unchanged: %s v%d already has the content of v%d%n", id, p.getVersion(), target.getVersion());
        } else {
            out.printf("rolled back %s to v%d: published as v%d (%s) by %s, replacing v%d %s%n", id, target.getVersion(), p.getVersion(),
                    p.getContentHash(), p.getAuthor(), latest.getVersion(), latest.getContentHash());
        }
        return ExitCodes.OK;
    }
}
