package io.govstream.topology;

import java.util.List;

/**
 * Topic names by role, handed to apps as an instance so they never carry topic literals.
 * Construction fails if the catalogue lacks a role the platform needs.
 */
public final class Topics {

    public static final String DISPATCH_REQUESTS = "dispatch-requests";
    /** Requests written by clients outside the platform (the producer principal), evaluated as what they provably are. */
    public static final String EXTERNAL_REQUESTS = "external-requests";
    public static final String DECISIONS = "decisions";
    public static final String AXON_COMMANDS = "axon-commands";
    public static final String AXON_COMMANDS_RETRY = "axon-commands-retry";
    public static final String DISPATCH_RESULTS = "dispatch-results";
    public static final String LEDGER = "ledger";
    public static final String LEDGER_CHECKPOINTS = "ledger-checkpoints";
    public static final String DEAD_LETTERS = "dead-letters";
    public static final String POLICIES = "policies";
    public static final String DEPLOYMENTS = "deployments";
    public static final String APPROVALS = "approvals";
    public static final String DEPLOY_COMMANDS = "deploy-commands";
    public static final String SCHEMAS = "schemas";
    public static final String LEDGER_KEYS = "ledger-keys";
    public static final String LEDGER_ERASURES = "ledger-erasures";
    public static final String FLAGS = "flags";
    public static final String SHADOW_DECISIONS = "shadow-decisions";
    public static final String AXON_REFUSALS = "axon-refusals";

    /** Every role the platform's apps look up. */
    public static final List<String> REQUIRED_ROLES = List.of(DISPATCH_REQUESTS, EXTERNAL_REQUESTS, DECISIONS, AXON_COMMANDS,
            AXON_COMMANDS_RETRY, DISPATCH_RESULTS, LEDGER, LEDGER_CHECKPOINTS, DEAD_LETTERS, POLICIES, DEPLOYMENTS, APPROVALS,
            DEPLOY_COMMANDS, SCHEMAS, LEDGER_KEYS, LEDGER_ERASURES, FLAGS, SHADOW_DECISIONS, AXON_REFUSALS);

    private final Catalogue catalogue;

    public Topics(Catalogue catalogue) {
        REQUIRED_ROLES.forEach(catalogue::topic);
        this.catalogue = catalogue;
    }

    public String dispatchRequests() {
        return name(DISPATCH_REQUESTS);
    }

    /** Requests from clients outside the platform: only their Kafka principal is proven. */
    public String externalRequests() {
        return name(EXTERNAL_REQUESTS);
    }

    public String decisions() {
        return name(DECISIONS);
    }

    public String axonCommands() {
        return name(AXON_COMMANDS);
    }

    /** Commands Axon could not do yet, waiting out a delay before the next attempt. */
    public String axonCommandsRetry() {
        return name(AXON_COMMANDS_RETRY);
    }

    public String dispatchResults() {
        return name(DISPATCH_RESULTS);
    }

    public String ledger() {
        return name(LEDGER);
    }

    /** Signed Merkle checkpoints of the ledger (never expires, never compacted). */
    public String ledgerCheckpoints() {
        return name(LEDGER_CHECKPOINTS);
    }

    public String deadLetters() {
        return name(DEAD_LETTERS);
    }

    public String policies() {
        return name(POLICIES);
    }

    public String deployments() {
        return name(DEPLOYMENTS);
    }

    public String approvals() {
        return name(APPROVALS);
    }

    public String deployCommands() {
        return name(DEPLOY_COMMANDS);
    }

    public String schemas() {
        return name(SCHEMAS);
    }

    /** Per-subject data keys (compacted; a tombstone erases a subject). */
    public String ledgerKeys() {
        return name(LEDGER_KEYS);
    }

    /** Erasure requests, one copy per partition, co-partitioned with the dispatch requests. */
    public String ledgerErasures() {
        return name(LEDGER_ERASURES);
    }

    /** Feature flags (compacted, key = flag name), one copy per partition, co-partitioned with the dispatch requests. */
    public String flags() {
        return name(FLAGS);
    }

    /** What policy sets in shadow mode would have decided, beside the active decision; never enforced. */
    public String shadowDecisions() {
        return name(SHADOW_DECISIONS);
    }

    /** Commands Axon refused, as REFUSED results, co-partitioned with the dispatch requests (ledgered by governance-streams). */
    public String axonRefusals() {
        return name(AXON_REFUSALS);
    }

    /** The full spec of a role, for partition counts and value schemas. */
    public TopicSpec spec(String role) {
        return catalogue.topic(role);
    }

    private String name(String role) {
        return catalogue.topic(role).name();
    }
}
