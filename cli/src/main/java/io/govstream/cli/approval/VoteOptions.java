package io.govstream.cli.approval;

import io.govstream.cli.ClientConfigOption;
import io.govstream.topology.Catalogue;
import io.govstream.topology.Topics;
import java.util.Map;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** What {@code approve} and {@code reject} share: the escalated request, who votes in which role, a comment. */
public final class VoteOptions {
    @Mixin
    ClientConfigOption config;
    @Parameters(paramLabel = "ID", description = "Correlation id of the escalated request (as Orbit and the decisions show it).")
    String correlationId;
    @Option(names = "--as", required = true, paramLabel = "NAME", description = "Who votes; may not be the requester.")
    String approver;
    @Option(names = "--role", required = true, paramLabel = "ROLE", description = "The role voted in, e.g. devops.")
    String role;
    @Option(names = "--comment", paramLabel = "TEXT", description = "Why; a denial's comment becomes part of the decision's reason.")
    String comment;

    ApprovalPublisher publisher() {
        Map<String, Object> client = config.clientProperties();
        Object registry = client.get("schema.registry.url");
        if (registry == null) {
            throw new IllegalArgumentException("no schema.registry.url in the client config");
        }
        return new ApprovalPublisher(client, new Topics(Catalogue.load()), registry.toString());
    }

    /** Blank names would be votes nobody can attribute. */
    String problem() {
        if (correlationId.isBlank()) {
            return "ID is blank";
        }
        if (approver.isBlank()) {
            return "--as is blank";
        }
        return role.isBlank() ? "--role is blank" : null;
    }

    /** Validates, publishes the vote and reports it; what approve and reject share. */
    int cast(picocli.CommandLine.Model.CommandSpec spec, boolean approve) throws Exception {
        String problem = problem();
        if (problem != null) {
            spec.commandLine().getErr().println("govctl " + spec.name() + ": " + problem);
            return io.govstream.cli.ExitCodes.FAILURE;
        }
        String sent = publisher().vote(correlationId, approver, role, comment, approve);
        java.io.PrintWriter out = spec.commandLine().getOut();
        out.printf("%s of %s by %s (%s) published: %s%n", approve ? "approval" : "rejection", correlationId, approver, role, sent);
        out.flush();
        return io.govstream.cli.ExitCodes.OK;
    }
}
