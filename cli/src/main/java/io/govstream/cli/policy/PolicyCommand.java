package io.govstream.cli.policy;

import io.govstream.cli.client.ClientConfigOption;
import java.util.Map;
import picocli.CommandLine.Command;

@Command(name = "policy", mixinStandardHelpOptions = true,
        description = {"Validate, publish, inspect, roll back and test versioned policy sets.",
                "Publishing goes to the compacted policies topic; governance-streams applies it without a restart."},
        subcommands = {PolicyApplyCommand.class, PolicyListCommand.class, PolicyShowCommand.class, PolicyDiffCommand.class,
                PolicyRollbackCommand.class, PolicyTestCommand.class, PolicyWhatIfCommand.class, PolicyPromoteCommand.class,
                PolicyUnshadowCommand.class})
public final class PolicyCommand {

    /** A publisher on the cluster the client config points at. */
    static PolicyPublisher publisher(ClientConfigOption config) {
        Map<String, Object> client = config.clientProperties();
        Object registry = client.get("schema.registry.url");
        if (registry == null) {
            throw new IllegalArgumentException("no schema.registry.url in the client config");
        }
        return new PolicyPublisher(client, config.topics(), registry.toString());
    }

    /** The shadow set of id {@code id} evaluated in its scope, or why there is none. */
    static io.govstream.events.PolicySetPublished shadowInForce(PolicyHistory history, String id, String tenant) {
        String scope = history.scopeOf(id, tenant);
        return history.shadowInForce(scope).filter(p -> p.getPolicySetId().equals(id))
                .orElseThrow(() -> new IllegalArgumentException("no shadow set '" + id + "' is evaluated in " + PolicyHistory.describe(scope)
                        + " (publish one with 'govctl policy apply FILE --shadow'; see 'govctl policy list')"));
    }

    static String author(String given) {
        if (given != null && !given.isBlank()) {
            return given;
        }
        String user = System.getProperty("user.name");
        return user == null || user.isBlank() ? "unknown" : user;
    }

    static String shortHash(String hash) {
        return hash.length() > 19 ? hash.substring(0, 19) + "…" : hash;
    }
}
