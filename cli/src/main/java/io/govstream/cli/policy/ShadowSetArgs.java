package io.govstream.cli.policy;

import io.govstream.cli.client.ClientConfigOption;
import io.govstream.cli.client.GovctlCommand;
import io.govstream.events.PolicySetPublished;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The arguments of the commands that act on the shadow set of a scope: the cluster, its id, the scope, who acts. */
final class ShadowSetArgs {
    @Mixin
    ClientConfigOption config;
    @Parameters(paramLabel = "ID", description = "Policy set id of the shadow set.")
    String id;
    @Option(names = "--tenant", paramLabel = "TENANT", description = "Scope of the set when its id exists in several ('*' = global).")
    String tenant;
    @Option(names = "--author", paramLabel = "NAME", description = "Who acts (default: the OS user).")
    String author;

    /** The shadow set evaluated in the scope (or why there is none), and a publisher to act on it. */
    Found find() {
        PolicyPublisher publisher = PolicyCommand.publisher(config);
        PolicyHistory history = publisher.history();
        String scope = history.scopeOf(id, tenant);
        PolicySetPublished shadow = history.shadowInForce(scope).filter(p -> p.getPolicySetId().equals(id))
                .orElseThrow(() -> new IllegalArgumentException("no shadow set '" + id + "' is evaluated in " + PolicyHistory.describe(scope)
                        + " (publish one with 'govctl policy apply FILE --shadow'; see 'govctl policy list')"));
        return new Found(publisher, shadow, GovctlCommand.author(author));
    }

    record Found(PolicyPublisher publisher, PolicySetPublished shadow, String author) {
        String scope(PolicySetPublished p) {
            return PolicyHistory.describe(io.govstream.policy.PolicyKeys.scope(p.getTenantScope()));
        }
    }
}
