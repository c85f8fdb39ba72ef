package io.govstream.governance;

import io.govstream.topology.Topics;
import java.util.Objects;

/**
 * The topics the governance topology reads and writes, by role (STYLE #6). Every role is required:
 * the topology has one shape, the one that ships; features are never switched off by a missing topic.
 *
 * @param policies          the published policy sets, co-partitioned with {@code dispatchRequests}
 * @param ledgerCheckpoints where signed ledger checkpoints go (written when a signing key is configured)
 * @param approvals         votes on escalated requests, co-partitioned with {@code dispatchRequests}
 * @param ledgerKeys        the compacted per-subject data keys (GDPR; used when a key-encryption key is configured)
 * @param ledgerErasures    erasure requests, co-partitioned with {@code dispatchRequests}
 * @param flags             feature flags (compacted), co-partitioned with {@code dispatchRequests}
 * @param shadowDecisions   what shadow policy sets would have decided
 * @param axonRefusals      commands Axon refused (REFUSED results), co-partitioned with {@code dispatchRequests}; each is ledgered
 * @param externalRequests  requests of clients outside the platform: evaluated as {@code external:<principal>}
 */
public record GovernanceTopics(String dispatchRequests, String decisions, String axonCommands, String ledger, String deadLetters,
                               String policies, String ledgerCheckpoints, String approvals, String ledgerKeys,
                               String ledgerErasures, String flags, String shadowDecisions,
                               String axonRefusals, String externalRequests) {

    public GovernanceTopics {
        Objects.requireNonNull(dispatchRequests, "dispatchRequests");
        Objects.requireNonNull(decisions, "decisions");
        Objects.requireNonNull(axonCommands, "axonCommands");
        Objects.requireNonNull(ledger, "ledger");
        Objects.requireNonNull(deadLetters, "deadLetters");
        Objects.requireNonNull(policies, "policies");
        Objects.requireNonNull(ledgerCheckpoints, "ledgerCheckpoints");
        Objects.requireNonNull(approvals, "approvals");
        Objects.requireNonNull(ledgerKeys, "ledgerKeys");
        Objects.requireNonNull(ledgerErasures, "ledgerErasures");
        Objects.requireNonNull(flags, "flags");
        Objects.requireNonNull(shadowDecisions, "shadowDecisions");
        Objects.requireNonNull(axonRefusals, "axonRefusals");
        Objects.requireNonNull(externalRequests, "externalRequests");
    }

    /** The governance roles of the platform catalogue, e.g. {@code from(Catalogue.load().topicNames())}. */
    public static GovernanceTopics from(Topics topics) {
        return new GovernanceTopics(topics.dispatchRequests(), topics.decisions(), topics.axonCommands(), topics.ledger(),
                topics.deadLetters(), topics.policies(), topics.ledgerCheckpoints(), topics.approvals(), topics.ledgerKeys(),
                topics.ledgerErasures(), topics.flags(), topics.shadowDecisions(),
                topics.axonRefusals(), topics.externalRequests());
    }

    /** Every topic named {@code prefix + role}, for tests and benchmarks that need fresh topics of the shipped shape. */
    public static GovernanceTopics prefixed(String prefix) {
        return new GovernanceTopics(prefix + "requests", prefix + "decisions", prefix + "axon-commands", prefix + "ledger",
                prefix + "dead-letters", prefix + "policies", prefix + "ledger-checkpoints", prefix + "approvals",
                prefix + "ledger-keys", prefix + "ledger-erasures", prefix + "flags", prefix + "shadow-decisions",
                prefix + "axon-refusals", prefix + "external-requests");
    }

    /** Every topic, inputs and outputs. */
    public java.util.List<String> all() {
        return java.util.List.of(dispatchRequests, decisions, axonCommands, ledger, deadLetters, policies, ledgerCheckpoints, approvals,
                ledgerKeys, ledgerErasures, flags, shadowDecisions, axonRefusals, externalRequests);
    }
}
