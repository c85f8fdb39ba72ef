package io.govstream.cli.policy;

import io.govstream.cli.client.ClientConfigOption;
import io.govstream.cli.client.ExitCodes;
import io.govstream.cli.client.GovctlCommand;
import io.govstream.events.PolicySetPublished;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "show",
        description = "Show one published version of a policy set (default: the latest): who, when, hashes, and the document.")
public final class PolicyShowCommand extends GovctlCommand {
    @Mixin
    private ClientConfigOption config;
    @Parameters(paramLabel = "ID", description = "Policy set id.")
    private String id;
    @Option(names = "--version", paramLabel = "V", description = "The version to show (default: the latest).")
    private Integer version;
    @Option(names = "--tenant", paramLabel = "TENANT", description = "Scope of the set when its id exists in several ('*' = global).")
    private String tenant;
    // --version is the policy version here, so no standard -V/--version option: only help.
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    private boolean help;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PolicyHistory history = PolicyCommand.publisher(config).history();
        String scope = history.scopeOf(id, tenant);
        PolicySetPublished p = version == null ? history.latest(scope, id).orElseThrow() : history.version(scope, id, version);
        out.printf("policy set:   %s v%d%n", p.getPolicySetId(), p.getVersion());
        out.printf("scope:        %s%n", PolicyHistory.describe(scope));
        out.printf("mode:         %s%s%n", p.getMode(), history.inForce(scope, PolicyHistory.isPromotion(p)).filter(f -> f.getPolicySetId().equals(id)
                && f.getVersion() == p.getVersion()).isPresent() ? " (in force)" : "");
        out.printf("content hash: %s%n", p.getContentHash());
        out.printf("previous:     %s%n", p.getPreviousHash() == null ? "-" : p.getPreviousHash());
        out.printf("published:    %s by %s%s%n", p.getPublishedAt(), p.getAuthor(), p.getFileName() == null ? "" : " from " + p.getFileName());
        if (p.getNote() != null) {
            out.printf("note:         %s%n", p.getNote());
        }
        out.println("---");
        out.print(p.getSource().endsWith("\n") ? p.getSource() : p.getSource() + "\n");
        return ExitCodes.OK;
    }
}
