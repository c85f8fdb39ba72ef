package io.govstream.cli.approval;

import io.govstream.cli.client.DataDirOption;
import io.govstream.cli.client.ExitCodes;
import io.govstream.cli.client.GovctlCommand;
import io.govstream.cli.auth.TokenKey;
import io.govstream.cli.dispatch.OrbitClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * What {@code approve} and {@code reject} share: the escalated request, who votes in which role, a
 * comment. A vote goes through Orbit's API, which checks the voter's bearer token, takes the voter
 * from it and seals the vote: governance-streams counts no vote written to Kafka directly. The token
 * is {@code --token} (or {@code $GOVCTL_TOKEN}), the voter's own; without one, govctl mints a
 * short-lived token for {@code --as} from the data dir's token key, as the local identity provider.
 */
abstract class VoteCommand extends GovctlCommand {
    @Mixin
    DataDirOption dataDir;
    @Parameters(paramLabel = "ID", description = "Correlation id of the escalated request (as Orbit and the decisions show it).")
    String correlationId;
    @Option(names = "--as", paramLabel = "NAME",
            description = "Who votes (may not be the requester); needed when govctl mints the token, ignored with --token (the token names the voter).")
    String approver;
    @Option(names = "--role", required = true, paramLabel = "ROLE", description = "The role voted in: devops or security.")
    String role;
    @Option(names = "--comment", paramLabel = "TEXT", description = "Why; a denial's comment becomes part of the decision's reason.")
    String comment;
    @Option(names = "--token", paramLabel = "JWT",
            description = "The voter's bearer token for Orbit (default: $GOVCTL_TOKEN, else one minted for --as from the data dir's key).")
    String token;
    @Option(names = "--orbit", paramLabel = "URL",
            description = "Orbit's base URL (default: the one 'govctl up' wrote into the data dir, else http://localhost:8080).")
    String orbit;
    private final boolean approve;

    /** @param approve an approval, else a rejection */
    VoteCommand(boolean approve) {
        this.approve = approve;
    }

    /** Blank names would be votes nobody can attribute. */
    String problem() {
        if (correlationId.isBlank()) {
            return "ID is blank";
        }
        if (TokenKey.given(token) == null && (approver == null || approver.isBlank())) {
            return "--as NAME is required (or --token with the voter's own token)";
        }
        return role.isBlank() ? "--role is blank" : null;
    }

    /** Validates, casts the vote through Orbit and reports it. */
    @Override
    public Integer call() throws Exception {
        String problem = problem();
        if (problem != null) {
            spec.commandLine().getErr().println("govctl " + spec.name() + ": " + problem);
            return ExitCodes.USAGE;
        }
        String given = TokenKey.given(token);
        String bearer = given != null ? given
                : TokenKey.load(dataDir.dataDir()).mint(approver, List.of(role), List.of("*"), Duration.ofMinutes(5), Instant.now());
        String voter = given != null ? "the token's subject" : approver;
        OrbitClient client = OrbitClient.of(dataDir.dataDir(), orbit, (subject, tenant) -> {
            throw new IllegalStateException("a vote carries the voter's own token");
        });
        String eventId = client.vote(correlationId, approve, role, comment, bearer);
        spec.commandLine().getOut().printf("%s of %s by %s (%s) accepted by Orbit: vote %s%n", approve ? "approval" : "rejection",
                correlationId, voter, role, eventId);
        return ExitCodes.OK;
    }
}
