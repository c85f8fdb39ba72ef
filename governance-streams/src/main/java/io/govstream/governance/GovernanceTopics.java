package io.govstream.governance;

import io.govstream.topology.Topics;
import java.util.Objects;

/**
 * The topics the governance topology reads and writes, by role (STYLE #6).
 *
 * @param policies the published policy sets, co-partitioned with {@code dispatchRequests}; null = no
 *                 policies topic, decisions use the fixed policy source only
 * @param ledgerCheckpoints where signed ledger checkpoints go; null = none are written
 * @param approvals  votes on escalated requests, keyed by correlation id and co-partitioned with
 *                   {@code dispatchRequests}; null = no approvals topic, ESCALATE decisions are final
 * @param ledgerKeys        the compacted per-subject data keys (GDPR); null = personal data is not encrypted
 * @param ledgerErasures    erasure requests, co-partitioned with {@code dispatchRequests}; null with {@code ledgerKeys}
 * @param flags             feature flags (compacted), co-partitioned with {@code dispatchRequests}; null = no flags, {@code flags} is empty
 * @param shadowDecisions   what shadow policy sets would have decided; null = shadow sets are stored but not evaluated
 * @param axonRefusals      commands Axon refused (REFUSED results), keyed by correlation id and co-partitioned with
 *                          {@code dispatchRequests}; each is ledgered. Null = none are read
 */
public record GovernanceTopics(String dispatchRequests, String decisions, String axonCommands, String ledger, String deadLetters,
                               String policies, String ledgerCheckpoints, String approvals, String ledgerKeys,
                               String ledgerErasures, String flags, String shadowDecisions,
                               String axonRefusals) {

    public GovernanceTopics {
        Objects.requireNonNull(dispatchRequests, "dispatchRequests");
        Objects.requireNonNull(decisions, "decisions");
        Objects.requireNonNull(axonCommands, "axonCommands");
        Objects.requireNonNull(ledger, "ledger");
        Objects.requireNonNull(deadLetters, "deadLetters");
    }

    /** Without flags, shadow decisions and refusals topics. */
    public GovernanceTopics(String dispatchRequests, String decisions, String axonCommands, String ledger, String deadLetters,
                            String policies, String ledgerCheckpoints, String approvals, String ledgerKeys, String ledgerErasures) {
        this(dispatchRequests, decisions, axonCommands, ledger, deadLetters, policies, ledgerCheckpoints, approvals, ledgerKeys,
                ledgerErasures, null, null, null);
    }

    /** Without approvals and GDPR key topics. */
    public GovernanceTopics(String dispatchRequests, String decisions, String axonCommands, String ledger, String deadLetters,
                            String policies, String ledgerCheckpoints) {
        this(dispatchRequests, decisions, axonCommands, ledger, deadLetters, policies, ledgerCheckpoints, null, null, null);
    }

    /** Without a policies topic: the policy source passed to the topology decides alone. */
    public GovernanceTopics(String dispatchRequests, String decisions, String axonCommands, String ledger, String deadLetters) {
        this(dispatchRequests, decisions, axonCommands, ledger, deadLetters, null, null, null, null, null);
    }

    /** Without a checkpoints topic. */
    public GovernanceTopics(String dispatchRequests, String decisions, String axonCommands, String ledger, String deadLetters,
                            String policies) {
        this(dispatchRequests, decisions, axonCommands, ledger, deadLetters, policies, null, null, null, null);
    }

    /** The governance roles of the platform catalogue, e.g. {@code from(Catalogue.load().topicNames())}. */
    public static GovernanceTopics from(Topics topics) {
        return new GovernanceTopics(topics.dispatchRequests(), topics.decisions(), topics.axonCommands(), topics.ledger(),
                topics.deadLetters(), topics.policies(), topics.ledgerCheckpoints(), topics.approvals(), topics.ledgerKeys(),
                topics.ledgerErasures(), topics.flags(), topics.shadowDecisions(),
                topics.axonRefusals());
    }

    public boolean hasLedgerKeys() {
        return ledgerKeys != null && ledgerErasures != null;
    }

    public boolean hasPolicies() {
        return policies != null;
    }

    public boolean hasApprovals() {
        return approvals != null;
    }

    /** Shadow sets are evaluated only with a policies topic (where they are published) and a topic for their decisions. */
    public boolean hasShadowDecisions() {
        return shadowDecisions != null && policies != null;
    }

    public boolean hasFlags() {
        return flags != null;
    }

    /** The same topics with a flags topic (policies read {@code flags} from it). */
    public GovernanceTopics withFlags(String flagsTopic) {
        return new GovernanceTopics(dispatchRequests, decisions, axonCommands, ledger, deadLetters, policies, ledgerCheckpoints,
                approvals, ledgerKeys, ledgerErasures, flagsTopic, shadowDecisions, axonRefusals);
    }

    /** The same topics with a shadow decisions topic. */
    public GovernanceTopics withShadowDecisions(String shadowDecisionsTopic) {
        return new GovernanceTopics(dispatchRequests, decisions, axonCommands, ledger, deadLetters, policies, ledgerCheckpoints,
                approvals, ledgerKeys, ledgerErasures, flags, shadowDecisionsTopic, axonRefusals);
    }

    /** The same topics with an approvals topic (escalations wait for votes on it). */
    public GovernanceTopics withApprovals(String approvalsTopic) {
        return new GovernanceTopics(dispatchRequests, decisions, axonCommands, ledger, deadLetters, policies, ledgerCheckpoints,
                approvalsTopic, ledgerKeys, ledgerErasures, flags, shadowDecisions, axonRefusals);
    }

    /** The same topics with the GDPR key and erasure topics (personal data is encrypted per subject). */
    public GovernanceTopics withLedgerKeys(String keysTopic, String erasuresTopic) {
        return new GovernanceTopics(dispatchRequests, decisions, axonCommands, ledger, deadLetters, policies, ledgerCheckpoints,
                approvals, keysTopic, erasuresTopic, flags, shadowDecisions, axonRefusals);
    }

    public boolean hasAxonRefusals() {
        return axonRefusals != null;
    }

    /** The same topics with Axon's refusals topic (each refusal is ledgered). */
    public GovernanceTopics withAxonRefusals(String refusalsTopic) {
        return new GovernanceTopics(dispatchRequests, decisions, axonCommands, ledger, deadLetters, policies, ledgerCheckpoints,
                approvals, ledgerKeys, ledgerErasures, flags, shadowDecisions, refusalsTopic);
    }
}
