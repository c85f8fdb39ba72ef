package io.govstream.topology;

import io.govstream.events.ApprovalEvent;
import io.govstream.events.DeadLetter;
import io.govstream.events.DispatchCommand;
import io.govstream.events.DispatchRequested;
import io.govstream.events.DispatchResult;
import io.govstream.events.FlagChange;
import io.govstream.events.GovernanceDecision;
import io.govstream.events.LedgerCheckpoint;
import io.govstream.events.LedgerEntry;
import io.govstream.events.PolicySetPublished;
import io.govstream.events.ShadowDecision;
import io.govstream.events.SubjectDataKey;
import io.govstream.events.SubjectErasure;
import io.govstream.events.deployment.DeployCommand;
import io.govstream.events.deployment.DeploymentEvent;
import java.util.List;

/**
 * The typed catalogue: every role the platform uses, with its value type ({@link Topic}), and the
 * topic names by role, handed to apps as an instance so they never carry topic literals. Adding a
 * topic is its catalogue entry, a constant here, and the code that reads or writes it (its serde
 * comes from {@link TopicSerdes}). Construction fails if the catalogue lacks a role the platform
 * needs or declares another value schema for it.
 */
public final class Topics {

    public static final Topic<DispatchRequested> DISPATCH_REQUESTS = new Topic<>("dispatch-requests", DispatchRequested.class);
    /** Requests written by clients outside the platform (the producer principal), evaluated as what they provably are. */
    public static final Topic<DispatchRequested> EXTERNAL_REQUESTS = new Topic<>("external-requests", DispatchRequested.class);
    public static final Topic<GovernanceDecision> DECISIONS = new Topic<>("decisions", GovernanceDecision.class);
    /** Decisions on external requests only: what the external clients' principal reads. */
    public static final Topic<GovernanceDecision> EXTERNAL_DECISIONS = new Topic<>("external-decisions", GovernanceDecision.class);
    public static final Topic<DispatchCommand> AXON_COMMANDS = new Topic<>("axon-commands", DispatchCommand.class);
    public static final Topic<DispatchCommand> AXON_COMMANDS_RETRY = new Topic<>("axon-commands-retry", DispatchCommand.class);
    public static final Topic<DispatchResult> DISPATCH_RESULTS = new Topic<>("dispatch-results", DispatchResult.class);
    public static final Topic<LedgerEntry> LEDGER = new Topic<>("ledger", LedgerEntry.class);
    public static final Topic<LedgerCheckpoint> LEDGER_CHECKPOINTS = new Topic<>("ledger-checkpoints", LedgerCheckpoint.class);
    public static final Topic<DeadLetter> DEAD_LETTERS = new Topic<>("dead-letters", DeadLetter.class);
    public static final Topic<PolicySetPublished> POLICIES = new Topic<>("policies", PolicySetPublished.class);
    public static final Topic<DeploymentEvent> DEPLOYMENTS = new Topic<>("deployments", DeploymentEvent.class);
    public static final Topic<ApprovalEvent> APPROVALS = new Topic<>("approvals", ApprovalEvent.class);
    public static final Topic<DeployCommand> DEPLOY_COMMANDS = new Topic<>("deploy-commands", DeployCommand.class);
    public static final Topic<Object> SCHEMAS = new Topic<>("schemas", null);
    public static final Topic<SubjectDataKey> LEDGER_KEYS = new Topic<>("ledger-keys", SubjectDataKey.class);
    public static final Topic<SubjectErasure> LEDGER_ERASURES = new Topic<>("ledger-erasures", SubjectErasure.class);
    public static final Topic<FlagChange> FLAGS = new Topic<>("flags", FlagChange.class);
    public static final Topic<ShadowDecision> SHADOW_DECISIONS = new Topic<>("shadow-decisions", ShadowDecision.class);
    public static final Topic<DispatchResult> AXON_REFUSALS = new Topic<>("axon-refusals", DispatchResult.class);

    /** The changelog profile of state stores whose values name people (catalogue.yaml, {@code changelogs}). */
    public static final String PERSONAL_CHANGELOG = "personal";

    /** Every role the platform's apps look up. */
    public static final List<Topic<?>> REQUIRED_ROLES = List.of(DISPATCH_REQUESTS, EXTERNAL_REQUESTS, DECISIONS, EXTERNAL_DECISIONS,
            AXON_COMMANDS, AXON_COMMANDS_RETRY, DISPATCH_RESULTS, LEDGER, LEDGER_CHECKPOINTS, DEAD_LETTERS, POLICIES, DEPLOYMENTS, APPROVALS,
            DEPLOY_COMMANDS, SCHEMAS, LEDGER_KEYS, LEDGER_ERASURES, FLAGS, SHADOW_DECISIONS, AXON_REFUSALS);

    private final Catalogue catalogue;
    /** Prefixed names by role, computed once: apps and the bench's load generator ask per record. */
    private final java.util.Map<String, String> names;

    /**
     * @throws IllegalArgumentException if the catalogue lacks a role, or declares another value schema for it than
     *                                  the platform's code reads and writes
     */
    public Topics(Catalogue catalogue) {
        this(catalogue, "");
    }

    private Topics(Catalogue catalogue, String prefix) {
        catalogue.changelog(PERSONAL_CHANGELOG);
        for (Topic<?> role : REQUIRED_ROLES) {
            TopicSpec spec = catalogue.topic(role.role());
            if (!java.util.Objects.equals(spec.valueSchema(), role.valueSchema())) {
                throw new IllegalArgumentException("catalogue topic role '" + role.role() + "' declares value-schema "
                        + spec.valueSchema() + ", but the platform reads and writes " + role.valueSchema() + " there");
            }
        }
        this.catalogue = catalogue;
        this.names = catalogue.topics().stream().collect(java.util.stream.Collectors.toUnmodifiableMap(TopicSpec::role,
                spec -> prefix + spec.name()));
    }

    /**
     * The shipped catalogue's topics, every name prefixed: fresh topics of the shipped shape for tests and
     * benchmarks that share a cluster.
     */
    public static Topics prefixed(String prefix) {
        return new Topics(Catalogue.load(), java.util.Objects.requireNonNull(prefix, "prefix"));
    }

    /** The topic name of {@code role}. */
    public String name(Topic<?> role) {
        String name = names.get(role.role());
        if (name == null) {
            catalogue.topic(role); // throws, naming the roles there are
        }
        return name;
    }

    /** The topic configs of a changelog profile of the catalogue. */
    public java.util.Map<String, String> changelog(String profile) {
        return catalogue.changelog(profile);
    }

    /** The names of every role the platform uses. */
    public List<String> all() {
        return REQUIRED_ROLES.stream().map(this::name).toList();
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

    /** The full spec of a role, for partition counts, configs and value schemas (its name as the catalogue has it). */
    public TopicSpec spec(Topic<?> role) {
        return catalogue.topic(role.role());
    }
}
