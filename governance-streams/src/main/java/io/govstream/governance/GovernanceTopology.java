package io.govstream.governance;

import io.govstream.topology.TopicSerdes;
import io.govstream.topology.Topics;
import io.govstream.runtime.tracing.Tracing;
import io.govstream.governance.observe.GovernanceObserver;
import io.govstream.events.DispatchCommand;
import io.govstream.events.ApprovalEvent;
import io.govstream.events.DispatchRequested;
import io.govstream.governance.deadletter.DeadLetterRoute;
import io.govstream.governance.deadletter.Decoded;
import io.govstream.governance.deadletter.SealCheckProcessor;
import io.govstream.governance.deployment.DeploymentTopology;
import io.govstream.governance.deployment.DeploymentWiring;
import io.govstream.governance.dispatch.DecideDispatchProcessor;
import io.govstream.governance.dispatch.Decided;
import io.govstream.governance.dispatch.DispatchCommands;
import io.govstream.governance.dispatch.DispatchDecider;
import io.govstream.governance.dispatch.RefusalFacts;
import io.govstream.governance.dispatch.RequestIds;
import io.govstream.governance.escalation.ApprovalProcessor;
import io.govstream.governance.escalation.Reevaluation;
import io.govstream.governance.flags.FeatureFlags;
import io.govstream.governance.flags.FlagsTopology;
import io.govstream.governance.escalation.EraseFromEscalationsProcessor;
import io.govstream.governance.escalation.EscalationOutput;
import io.govstream.governance.escalation.ParkEscalationProcessor;
import io.govstream.governance.escalation.PendingEscalations;
import io.govstream.governance.policy.ActivePolicies;
import io.govstream.policy.CompiledPolicies;
import io.govstream.policy.PolicyEnvironment;
import io.govstream.policy.PolicyExtension;
import io.govstream.governance.policy.TaskExtensions;
import io.govstream.policy.PolicySource;
import io.govstream.governance.policy.PolicyUpdate;
import io.govstream.governance.policy.PolicyUpdateProcessor;
import io.govstream.governance.routing.Broadcast;
import io.govstream.governance.routing.EscalationRoute;
import io.govstream.governance.routing.Provenance;
import io.govstream.governance.routing.ScopeRouting;
import io.govstream.events.GovernanceDecision;
import io.govstream.events.LedgerEntry;
import io.govstream.events.SubjectErasure;
import io.govstream.ledger.LedgerAppendProcessor;
import io.govstream.ledger.checkpoint.CheckpointProcessor;
import io.govstream.ledger.LedgerFact;
import io.govstream.ledger.LedgerPartitioner;
import io.govstream.governance.gdpr.EraseSubjectProcessor;
import io.govstream.governance.gdpr.Protected;
import io.govstream.governance.gdpr.ProtectPersonalDataProcessor;
import io.govstream.ledger.gdpr.SubjectKeyring;
import org.apache.kafka.streams.KeyValue;
import io.govstream.runtime.commands.EventSeal;
import java.util.Map;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * The governance topology, as a pure function: it builds a {@link Topology} and starts nothing.
 *
 * <pre>
 * dispatch-requests (bytes)
 *   → decode-dispatch-request ─ undecodable → to-dead-letter → dead-letters-sink
 *   → key-request-by-tenant → dispatch-by-tenant (repartition) → decode-routed-request
 *   → decide-dispatch [policy-sets] (validate, evaluate; key = correlation id)
 *       ├→ decision-value → decisions-sink
 *       ├→ permitted-only → to-axon-command → axon-commands-sink
 *       └→ decision-fact ─┐
 * policies (bytes, any partition)                     │
 *   → policies-to-every-task-origin → policies-to-every-task (repartition, to every partition)
 *   → apply-policy [policy-sets] ─ rejected → policy-dead-letter → policy-dead-letters-sink
 *       └→ policy-change-fact ─┴→ ledger-facts → ledger-append [ledger-heads] → ledger-sink (partition = input partition)
 * decide-dispatch → shadowed-only → shadow-decision-value → observe-shadow-decision → shadow-decisions-sink
 * decide-dispatch → escalated-only → park-escalation [pending-escalations]
 * park-escalation → escalation-routes (repartition, key = correlation id) ─┐
 * approvals (bytes, any key)                                               │
 *   → decode-approval ─ undecodable → approval-dead-letter → approval-dead-letters-sink
 *   → key-vote-by-request → approvals-by-request (repartition) ─┴→ route-vote [escalation-routes]
 *   → approvals-by-tenant (repartition) → decode-routed-vote
 *   → apply-approval [pending-escalations] (votes; wall-clock timeouts)
 *   (with GDPR: merged with ledger-erasures → erase-from-escalations [pending-escalations] as escalation-outputs)
 *       ├→ escalation-step-fact ──────────────→ escalation-ledger-facts (→ ledger-append)
 *       └→ final decision → escalation-decisions (merged with decide-dispatch's: decisions, axon commands, ledger)
 * axon-refusals (bytes, key = correlation id; DispatchResults with status REFUSED)
 *   → decode-axon-refusal ─ undecodable → axon-refusal-dead-letter → axon-refusal-dead-letters-sink
 *   → axon-refusal-fact ─────────────────→ axon-refusal-ledger-facts (→ ledger-append)
 * </pre>
 *
 * <p>Shadow sets ({@code mode: SHADOW}, store key {@code shadow/<scope>}): {@code decide-dispatch} evaluates the
 * shadow set of the request's scope right after the active set, on the same state, and the would-be
 * decision goes to the shadow decisions topic only: no command, no ledger entry, the active decision
 * unchanged. Publishing and withdrawing a shadow set are policy changes, ledgered as any.
 *
 * <p>Refusals: Axon may not write the ledger, so it publishes each command it refuses (unsigned,
 * tampered, unknown key, expired, replayed) on the refusals topic, co-partitioned with the requests
 * and keyed by correlation id; merging it into the ledger facts puts its source in this
 * sub-topology, so task <i>p</i> ledgers partition <i>p</i>'s refusals on chain <i>p</i> (STATE_CHANGE,
 * payload {@code DispatchResult}).
 *
 * <p>Deployments ({@link DeploymentTopology}, with a {@link DeploymentWiring}): the gate's events and
 * decisions merge into the ledger facts as {@code deployment-ledger-facts}; its source joins this
 * sub-topology like the approvals do.
 *
 * <p>Routing ({@link ScopeRouting}): requests are decided in the task of their tenant, whatever key
 * their producer chose, so every stateful count is exact; votes reach the task holding their
 * escalation through the vote router. Both {@code park-escalation} and {@code apply-approval}
 * use the {@code pending-escalations} store, so they run in the same task, and votes, timeouts and
 * final decisions are ledgered by that task's appender on the escalation's chain.
 *
 * <p>With a key-encryption key (GDPR, {@link LedgerWiring#kek()}), {@code decision-fact} is preceded by
 * <pre>
 *   decide-dispatch → protect-personal-data [ledger-subject-keys] ─┐
 * ledger-erasures → erase-subject [ledger-subject-keys] ───────────┴→ protected-facts
 *       ├→ subject-key-changes → to-subject-key → ledger-keys-sink (new keys, tombstones)
 *       └→ decision-fact → ledger-facts → ...
 * </pre>
 *
 * The ledger entry of a decision is written in the same task, so under exactly_once_v2 it is in
 * the same transaction as the decision (invariant 2). Every node and the store are named: their
 * names are the identity of state and must not change silently (STYLE #2).
 *
 * <p>Policies: a publication is written once, to the policies topic (one partition: one order of
 * publications), and the topology copies it to every partition of a repartition topic of as many
 * partitions as the requests ({@link Broadcast}). Because {@code apply-policy} and
 * {@code decide-dispatch} share the {@code policy-sets} store, Streams puts them, and so both
 * topics, in one sub-topology: task <i>p</i> reads partition <i>p</i> of each. A policy change thus
 * reaches the decisions of partition <i>p</i> through that task's own store (each decision reads
 * it once: atomic per decision), and its POLICY_CHANGE ledger entry goes through the same
 * {@code ledger-append} onto chain <i>p</i>, whose only writer is that task. A global store would
 * have needed a second writer per chain (the global thread cannot write the ledger; a separate
 * task would fork chain 0). The policy source passed in is the fallback while no set is published.
 *
 * <p>Feature flags follow the same pattern ({@link FlagsTopology}): every change is written once and
 * copied to every task, {@code apply-flag} shares the {@code feature-flags}
 * store with {@code decide-dispatch} (whose {@code flags} it fills, {@link FeatureFlags}), and each
 * change is ledgered on the task's chain through {@code ledger-append}.
 */
public final class GovernanceTopology {
    public static final String SOURCE = "dispatch-requests-source";
    public static final String DECODE = "decode-dispatch-request";
    public static final String DECODED_SPLIT = "decoded-";
    public static final String TO_DEAD_LETTER = "to-dead-letter";
    public static final String DEAD_LETTERS_SINK = "dead-letters-sink";
    public static final String EXTERNAL_SOURCE = "external-requests-source";
    public static final String DECODE_EXTERNAL = "decode-external-request";
    public static final String EXTERNAL_SPLIT = "external-request-";
    public static final String EXTERNAL_DEAD_LETTER = "external-request-dead-letter";
    public static final String OBSERVE_EXTERNAL_DEAD_LETTER = "observe-external-dead-letter";
    public static final String EXTERNAL_DEAD_LETTERS_SINK = "external-request-dead-letters-sink";
    public static final String DECIDE = "decide-dispatch";
    public static final String DECISION_VALUE = "decision-value";
    public static final String DECISIONS_SINK = "decisions-sink";
    public static final String EXTERNAL_ONLY = "external-only";
    public static final String EXTERNAL_DECISIONS_SINK = "external-decisions-sink";
    public static final String PERMITTED_ONLY = "permitted-only";
    public static final String TO_AXON_COMMAND = "to-axon-command";
    public static final String AXON_COMMANDS_SINK = "axon-commands-sink";
    public static final String LEDGER_APPEND = "ledger-append";
    public static final String OBSERVE_DECISION = "observe-decision";
    public static final String OBSERVE_DEAD_LETTER = "observe-dead-letter";
    public static final String LEDGER_SINK = "ledger-sink";
    public static final String LEDGER_CHECKPOINT = "ledger-checkpoint";
    public static final String LEDGER_CHECKPOINTS_SINK = "ledger-checkpoints-sink";
    public static final String DECISION_FACT = "decision-fact";
    public static final String LEDGER_FACTS = "ledger-facts";
    public static final String POLICIES_SOURCE = "policies-source";
    public static final String APPLY_POLICY = "apply-policy";
    /** Repartition topic copying every policy record to every task ({@link Broadcast}). */
    public static final String POLICIES_TO_EVERY_TASK = "policies-to-every-task";
    /** Repartition topic copying every erasure request to every task ({@link Broadcast}). */
    public static final String ERASURES_TO_EVERY_TASK = "erasures-to-every-task";
    public static final String ESCALATED_ONLY = "escalated-only";
    public static final String PARK_ESCALATION = "park-escalation";
    public static final String APPROVALS_SOURCE = "approvals-source";
    public static final String DECODE_APPROVAL = "decode-approval";
    public static final String APPROVAL_SPLIT = "approval-";
    public static final String APPROVAL_DEAD_LETTER = "approval-dead-letter";
    public static final String APPROVAL_DEAD_LETTERS_SINK = "approval-dead-letters-sink";
    public static final String APPLY_APPROVAL = "apply-approval";
    public static final String CHECK_VOTE_SEAL = "check-vote-seal";
    public static final String OBSERVE_APPROVAL_DEAD_LETTER = "observe-approval-dead-letter";
    public static final String ESCALATION_STEP_FACT = "escalation-step-fact";
    public static final String ESCALATION_DECISIONS = "escalation-decisions";
    public static final String ESCALATION_LEDGER_FACTS = "escalation-ledger-facts";
    public static final String SHADOWED_ONLY = "shadowed-only";
    public static final String SHADOW_DECISION_VALUE = "shadow-decision-value";
    public static final String OBSERVE_SHADOW_DECISION = "observe-shadow-decision";
    public static final String SHADOW_DECISIONS_SINK = "shadow-decisions-sink";
    public static final String REFUSALS_SOURCE = "axon-refusals-source";
    public static final String DECODE_REFUSAL = "decode-axon-refusal";
    public static final String REFUSAL_SPLIT = "axon-refusal-";
    public static final String REFUSAL_DEAD_LETTER = "axon-refusal-dead-letter";
    public static final String REFUSAL_DEAD_LETTERS_SINK = "axon-refusal-dead-letters-sink";
    public static final String REFUSAL_FACT = "axon-refusal-fact";
    public static final String REFUSAL_LEDGER_FACTS = "axon-refusal-ledger-facts";
    public static final String DEPLOYMENT_LEDGER_FACTS = "deployment-ledger-facts";
    /** The task's policy sets in force: key = tenant scope ("*" = global, "shadow/&lt;scope&gt;" for shadow sets), value = the published record's bytes. */
    public static final String POLICY_SETS_STORE = "policy-sets";

    public static final String PROTECT_PERSONAL_DATA = "protect-personal-data";
    public static final String ERASURES_SOURCE = "ledger-erasures-source";
    public static final String ERASE_SUBJECT = "erase-subject";
    public static final String ERASE_FROM_ESCALATIONS = "erase-from-escalations";
    public static final String ESCALATION_OUTPUTS = "escalation-outputs";
    public static final String PROTECTED_FACTS = "protected-facts";
    public static final String PROTECT_OTHER_FACTS = "protect-personal-data-of-facts";
    public static final String TO_SUBJECT_KEY = "to-subject-key";
    public static final String SUBJECT_KEYS_SINK = "ledger-keys-sink";

    private GovernanceTopology() {
    }

    /**
     * The governance topology, in the one shape that ships: production, the integration tests, the
     * topology tests and the benchmark all build it here.
     *
     * @param policies     the policy set in force while none is published (the shipped default)
     * @param decider      validates, checks the request's age and evaluates
     * @param environment  the CEL environment conditions compile in: its extensions are bound to the decision task's stores
     * @param ledger       how the appender recovers a lost chain head, who signs checkpoints (none: no checkpoints),
     *                     and the key-encryption key of personal data (none: personal fields in clear)
     * @param sealCommands signs each permitted command (key id, expiry, nonce, signature) before it leaves for the
     *                     worker; workers refuse unsigned commands
     * @param deployments  the deployment gate's topics, serdes and signer
     * @param orbitSeal    verifies Orbit's seal on votes and deployment events: an unsealed or tampered one is
     *                     dead-lettered, never counted
     * @param tracing      a span per decision ({@link DecideDispatchProcessor}); off: none
     */
    public static Topology build(Topics topics, TopicSerdes serdes, PolicySource policies, DispatchDecider decider,
                                 GovernanceObserver observer, PolicyEnvironment environment, LedgerWiring ledger,
                                 UnaryOperator<DispatchCommand> sealCommands, DeploymentWiring deployments,
                                 EventSeal.Verifier orbitSeal, Tracing tracing) {
        java.util.Objects.requireNonNull(deployments, "deployments");
        java.util.Objects.requireNonNull(orbitSeal, "orbitSeal");
        StreamsBuilder builder = new StreamsBuilder();
        // Stores whose values name people compact within the catalogue's bound (its 'personal' changelog profile).
        Map<String, String> personal = topics.changelog(Topics.PERSONAL_CHANGELOG);
        FeatureFlags flags = new FeatureFlags(personal);
        TaskExtensions extensions = TaskBindings.of(environment, flags);
        CompiledPolicies compiled = new CompiledPolicies(environment);

        DeadLetterRoute deadLetters = new DeadLetterRoute(topics.deadLetters(), serdes.value(Topics.DEAD_LETTERS), observer);
        KStream<byte[], Decoded<DispatchRequested>> fromOrbit = deadLetters.okOf(DeadLetterRoute.decoded(builder,
                        topics.dispatchRequests(), serdes.value(Topics.DISPATCH_REQUESTS), SOURCE, DECODE),
                DECODED_SPLIT, TO_DEAD_LETTER, OBSERVE_DEAD_LETTER, DEAD_LETTERS_SINK);
        KStream<byte[], Decoded<DispatchRequested>> fromOutside = deadLetters.okOf(DeadLetterRoute.decoded(builder,
                        topics.externalRequests(), serdes.value(Topics.DISPATCH_REQUESTS), EXTERNAL_SOURCE, DECODE_EXTERNAL),
                EXTERNAL_SPLIT, EXTERNAL_DEAD_LETTER, OBSERVE_EXTERNAL_DEAD_LETTER, EXTERNAL_DEAD_LETTERS_SINK);

        // One task per partition of the requests; what every task must hold is copied to each (Broadcast).
        int tasks = topics.spec(Topics.DISPATCH_REQUESTS).partitions();
        builder.addStateStore(policySetsStore(personal));
        KStream<String, PolicyUpdate> updates = Broadcast.toEveryTask(builder
                .stream(topics.policies(), Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()).withName(POLICIES_SOURCE)),
                        POLICIES_TO_EVERY_TASK, tasks, Serdes.ByteArray(), Serdes.ByteArray(), new byte[0])
                .process(() -> new PolicyUpdateProcessor(POLICY_SETS_STORE, serdes.value(Topics.POLICIES).deserializer(), compiled, policies),
                        Named.as(APPLY_POLICY), POLICY_SETS_STORE);
        KStream<String, LedgerFact> policyChanges = PolicyUpdate.route(updates, "policy", topics.deadLetters(), serdes.value(Topics.DEAD_LETTERS));
        Function<ProcessorContext<?, ?>, ActivePolicies> policiesOfTask = context -> new ActivePolicies(context.getStateStore(POLICY_SETS_STORE),
                topics.policies(), serdes.value(Topics.POLICIES).deserializer(), compiled, policies, "");

        builder.addStateStore(PendingEscalations.store(personal));
        // Erasures reach every task (copied to each): the ledger's keys, open escalations and
        // open deployment gates each forget the person in the task that holds them.
        KStream<String, SubjectErasure> erasures = ledger.protectsPersonalData() ? Broadcast.withoutOrigin(Broadcast.toEveryTask(builder
                .stream(topics.ledgerErasures(), Consumed.with(Serdes.String(), serdes.value(Topics.LEDGER_ERASURES)).withName(ERASURES_SOURCE)),
                ERASURES_TO_EVERY_TASK, tasks, Serdes.String(), serdes.value(Topics.LEDGER_ERASURES), ""), ERASURES_TO_EVERY_TASK + "-received") : null;
        extensions.stores().forEach(builder::addStateStore);
        builder.addStateStore(RequestIds.store());
        KStream<String, Decided> decided = ScopeRouting.requestsByTenant(fromOrbit, fromOutside, serdes.value(Topics.DISPATCH_REQUESTS).deserializer())
                .process(() -> new DecideDispatchProcessor<>(policiesOfTask, decider, extensions, tracing), Named.as(DECIDE),
                        extensions.storeNamesAfter(POLICY_SETS_STORE, RequestIds.STORE));
        decided.filter((key, value) -> value.shadow() != null, Named.as(SHADOWED_ONLY))
                .mapValues(Decided::shadow, Named.as(SHADOW_DECISION_VALUE))
                .peek((key, shadow) -> observer.shadowDecided(shadow), Named.as(OBSERVE_SHADOW_DECISION))
                .to(topics.shadowDecisions(), Produced.with(Serdes.String(), serdes.value(Topics.SHADOW_DECISIONS)).withName(SHADOW_DECISIONS_SINK));

        KStream<String, LedgerFact> escalationSteps;
        {
            KStream<String, EscalationRoute> routes = decided.filter((key, value) -> value.escalated(), Named.as(ESCALATED_ONLY))
                    .process(ParkEscalationProcessor::new, Named.as(PARK_ESCALATION), PendingEscalations.STORE);
            KStream<byte[], Decoded<ApprovalEvent>> approvals = deadLetters.okOf(DeadLetterRoute.decoded(builder, topics.approvals(),
                            serdes.value(Topics.APPROVALS), APPROVALS_SOURCE, DECODE_APPROVAL)
                    .processValues(() -> new SealCheckProcessor<ApprovalEvent>(orbitSeal), Named.as(CHECK_VOTE_SEAL)),
                    APPROVAL_SPLIT, APPROVAL_DEAD_LETTER, OBSERVE_APPROVAL_DEAD_LETTER, APPROVAL_DEAD_LETTERS_SINK);
            // A parked escalation reaches the approvals' processor too, as a record without a vote: it arms the timeout sweep.
            KStream<String, ApprovalEvent> parked = routes.mapValues(route -> (ApprovalEvent) null, Named.as("escalation-parked"));
            // The escalation store, and every store the decision reads, so finalising sees what a decision would.
            KStream<String, EscalationOutput> escalations = ScopeRouting.votesByTenant(builder, approvals, routes,
                            serdes.value(Topics.APPROVALS).deserializer()).merge(parked, Named.as("votes-and-parked"))
                    .process(() -> new ApprovalProcessor(reevaluationOfTask(policiesOfTask, decider, extensions)), Named.as(APPLY_APPROVAL),
                            extensions.storeNamesAfter(PendingEscalations.STORE, POLICY_SETS_STORE));
            if (erasures != null) {
                escalations = escalations.merge(erasures.process(EraseFromEscalationsProcessor::new, Named.as(ERASE_FROM_ESCALATIONS),
                        PendingEscalations.STORE), Named.as(ESCALATION_OUTPUTS));
            }
            escalationSteps = escalations.filter((key, out) -> out.isStep(), Named.as("escalation-steps"))
                    .mapValues(EscalationOutput::step, Named.as(ESCALATION_STEP_FACT));
            KStream<String, Decided> finals = escalations.filter((key, out) -> out.isDecision(), Named.as("escalation-finals"))
                    .mapValues(EscalationOutput::decided, Named.as("escalation-final-decided"));
            decided = decided.merge(finals, Named.as(ESCALATION_DECISIONS));
        }

        decided.foreach((key, value) -> observer.decided(value.request(), value.decision()), Named.as(OBSERVE_DECISION));

        KStream<String, GovernanceDecision> decisions = decided.mapValues(Decided::decision, Named.as(DECISION_VALUE));
        decisions.to(topics.decisions(), Produced.with(Serdes.String(), serdes.value(Topics.DECISIONS)).withName(DECISIONS_SINK));
        // A copy of each decision on an external request for the external clients, who may read nothing else.
        decisions.filter((key, decision) -> decision.getProvenance().startsWith(Provenance.EXTERNAL_PREFIX), Named.as(EXTERNAL_ONLY))
                .to(topics.name(Topics.EXTERNAL_DECISIONS), Produced.with(Serdes.String(), serdes.value(Topics.EXTERNAL_DECISIONS))
                        .withName(EXTERNAL_DECISIONS_SINK));

        decided.filter((key, value) -> value.permitted(), Named.as(PERMITTED_ONLY))
                .mapValues(permitted -> sealCommands.apply(DispatchCommands.of(permitted)), Named.as(TO_AXON_COMMAND))
                .to(topics.axonCommands(), Produced.with(Serdes.String(), serdes.value(Topics.AXON_COMMANDS)).withName(AXON_COMMANDS_SINK));

        KStream<String, LedgerFact> others = policyChanges.merge(escalationSteps, Named.as(ESCALATION_LEDGER_FACTS));
        others = others.merge(FlagsTopology.changes(builder, topics.flags(), tasks, topics.deadLetters(), serdes.value(Topics.FLAGS), serdes.value(Topics.DEAD_LETTERS)),
                Named.as(FlagsTopology.LEDGER_FACTS));
        KStream<String, LedgerFact> refusals = deadLetters.okOf(DeadLetterRoute.decoded(builder, topics.axonRefusals(),
                        serdes.value(Topics.AXON_REFUSALS), REFUSALS_SOURCE, DECODE_REFUSAL),
                REFUSAL_SPLIT, REFUSAL_DEAD_LETTER, null, REFUSAL_DEAD_LETTERS_SINK)
                .map((key, refused) -> KeyValue.pair(refused.value().getEnvelope().getCorrelationId(),
                        RefusalFacts.of(refused.value())), Named.as(REFUSAL_FACT));
        others = others.merge(refusals, Named.as(REFUSAL_LEDGER_FACTS));
        others = others.merge(DeploymentTopology.add(builder, personal, deployments, deadLetters, topics.policies(),
                serdes.value(Topics.POLICIES), compiled, POLICY_SETS_STORE, extensions, observer, orbitSeal, erasures),
                Named.as(DEPLOYMENT_LEDGER_FACTS));
        KStream<String, LedgerFact> facts;
        if (ledger.protectsPersonalData()) {
            facts = protectPersonalData(builder, topics, serdes, decided, others, erasures, ledger);
        } else {
            facts = decided.mapValues(value -> LedgerFact.decision(value.forLedger()), Named.as(DECISION_FACT))
                    .merge(others, Named.as(LEDGER_FACTS));
        }
        KStream<String, LedgerEntry> appended = facts.process(
                LedgerAppendProcessor.<String, LedgerFact>supplier(DispatchDecider.PRODUCER, Function.identity(), ledger.recovery()),
                Named.as(LEDGER_APPEND));
        appended.to(topics.ledger(), Produced.with(Serdes.String(), serdes.value(Topics.LEDGER), new LedgerPartitioner<String>())
                .withName(LEDGER_SINK));
        if (ledger.checkpoints()) {
            appended.process(CheckpointProcessor.supplier(topics.ledger(), ledger.signer(), ledger.policy(), DispatchDecider.PRODUCER),
                            Named.as(LEDGER_CHECKPOINT), LedgerAppendProcessor.HEADS_STORE)
                    .to(topics.ledgerCheckpoints(), Produced.with(Serdes.String(), serdes.value(Topics.LEDGER_CHECKPOINTS))
                            .withName(LEDGER_CHECKPOINTS_SINK));
        }

        return builder.build();
    }

    /**
     * GDPR: personal fields are encrypted with their subject's key before the append, and erasure
     * requests destroy keys and become ledger facts, all in the decision task (one writer per
     * chain; key, entry and tombstone share the exactly-once transaction). Each erasure is copied to
     * every task, and sharing the keys store puts the copies' source in this sub-topology.
     */
    private static KStream<String, LedgerFact> protectPersonalData(StreamsBuilder builder, Topics topics,
                                                                   TopicSerdes serdes, KStream<String, Decided> decided,
                                                                   KStream<String, LedgerFact> others,
                                                                   KStream<String, SubjectErasure> erasureRequests, LedgerWiring ledger) {
        builder.addStateStore(SubjectKeyring.store(topics.changelog(Topics.PERSONAL_CHANGELOG)));
        KStream<String, Protected> decisions = decided.process(() -> ProtectPersonalDataProcessor.decisions(ledger.kek()),
                Named.as(PROTECT_PERSONAL_DATA), SubjectKeyring.STORE);
        KStream<String, Protected> otherFacts = others.process(() -> ProtectPersonalDataProcessor.facts(ledger.kek()),
                Named.as(PROTECT_OTHER_FACTS), SubjectKeyring.STORE);
        KStream<String, Protected> erasures = erasureRequests.process(() -> new EraseSubjectProcessor(ledger.kek()), Named.as(ERASE_SUBJECT), SubjectKeyring.STORE);
        KStream<String, Protected> all = decisions.merge(otherFacts, Named.as(LEDGER_FACTS)).merge(erasures, Named.as(PROTECTED_FACTS));
        all.flatMap((key, value) -> value.keyChanges().stream().map(c -> KeyValue.pair(c.keyName(), c.key())).toList(),
                        Named.as(TO_SUBJECT_KEY))
                .to(topics.ledgerKeys(), Produced.with(Serdes.String(), serdes.value(Topics.LEDGER_KEYS)).withName(SUBJECT_KEYS_SINK));
        return all.mapValues(Protected::fact, Named.as(DECISION_FACT));
    }

    /**
     * What finalising an escalation evaluates under: the task's policy sets and the extensions'
     * values (flags, state) at that moment, read-only (nothing is counted again).
     */
    private static Function<ProcessorContext<?, ?>, Reevaluation> reevaluationOfTask(Function<ProcessorContext<?, ?>, ActivePolicies> policiesOfTask,
                                                                                     DispatchDecider decider, TaskExtensions extensions) {
        return context -> {
            ActivePolicies active = policiesOfTask.apply(context);
            PolicyExtension.Values values = extensions.open(context);
            return (request, now) -> decider.outcome(request, active.forTenant(request.getEnvelope().getTenant()), now, values);
        };
    }

    /** In memory, changelogged: a handful of small records per partition, restored in milliseconds. */
    static StoreBuilder<KeyValueStore<String, byte[]>> policySetsStore(Map<String, String> changelog) {
        // Publications name their authors: one replaced by an erasure leaves the changelog within the bound.
        return Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(POLICY_SETS_STORE), Serdes.String(), Serdes.ByteArray())
                .withLoggingEnabled(changelog);
    }
}
