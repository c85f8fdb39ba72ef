package io.govstream.governance.escalation;

import io.govstream.governance.stores.StoreEntries;
import io.govstream.events.ApprovalDenied;
import io.govstream.events.ApprovalEvent;
import io.govstream.events.ApprovalGranted;
import io.govstream.events.DispatchRequested;
import io.govstream.events.Effect;
import io.govstream.events.Envelope;
import io.govstream.schemas.Envelopes;
import io.govstream.events.EscalationStep;
import io.govstream.events.GovernanceDecision;
import io.govstream.events.LedgerEntryKind;
import io.govstream.events.PendingEscalation;
import io.govstream.schemas.EventHeaders;
import io.govstream.governance.dispatch.Decided;
import io.govstream.governance.clock.InputClock;
import io.govstream.governance.clock.WallClockSweep;
import io.govstream.governance.dispatch.DispatchDecider;
import io.govstream.ledger.LedgerFact;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.KeyValue;
import io.govstream.policy.Obligations;
import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies votes from the approvals topic to the pending escalations of its task, and denies those
 * whose deadline passed. Runs in the task that parked them (the approvals topic is keyed by
 * correlation id and co-partitioned with the dispatch requests), so its ledger steps and final
 * decisions go through that task's ledger appender, onto the same chain as the escalation.
 *
 * <p>When approvals complete an escalation, the request is evaluated again ({@link Reevaluation})
 * under the policy set, flags and state in force at that moment: approvals satisfy the obligation
 * but never override a DENY that arrived since. The final decision names the set it was finalised
 * under ({@code policyVersion}) and the one it was escalated under ({@code escalatedUnderVersion}).
 *
 * <p>Every vote becomes a ledger step ({@link EscalationStep}, STATE_CHANGE), counted or ignored
 * with the reason; a vote that ends the escalation is followed by the final decision.
 *
 * <p>The clock ({@link InputClock}): a vote is judged by when the broker appended it, against the
 * deadline plus the allowed skew, however late it is read; a later vote is ignored, and says so.
 * Timeouts are checked every {@link #SWEEP_EVERY} of wall-clock time against what the task has
 * read: an escalation nobody answers is denied even when no record arrives, and an in-time vote
 * stuck in a backlog still counts. While no escalation is pending, nothing is checked ({@link WallClockSweep}).
 */
public final class ApprovalProcessor extends ContextualProcessor<String, ApprovalEvent, String, EscalationOutput> {
    /** How often deadlines are checked (wall clock). */
    public static final Duration SWEEP_EVERY = Duration.ofSeconds(1);
    private static final Logger LOG = LoggerFactory.getLogger(ApprovalProcessor.class);

    private final Function<ProcessorContext<?, ?>, Reevaluation> reevaluationOfTask;
    private KeyValueStore<String, PendingEscalation> pending;
    private Reevaluation reevaluation;
    private InputClock clock;
    private WallClockSweep sweep;

    /** @param reevaluationOfTask opens, in {@link #init}, the evaluation under the task's policies, flags and state */
    public ApprovalProcessor(Function<ProcessorContext<?, ?>, Reevaluation> reevaluationOfTask) {
        this.reevaluationOfTask = reevaluationOfTask;
    }

    @Override
    public void init(ProcessorContext<String, EscalationOutput> context) {
        super.init(context);
        this.pending = context.getStateStore(PendingEscalations.STORE);
        this.reevaluation = reevaluationOfTask.apply(context);
        this.clock = new InputClock(Instant.ofEpochMilli(context.currentSystemTimeMs()));
        this.sweep = new WallClockSweep(context, SWEEP_EVERY, this::timeOut);
        sweep.arm(); // the first sweep finds the escalations a restart brought back, or disarms
    }

    /** A vote; or, without a value, word that an escalation was parked in this task: its deadline arms the sweep. */
    @Override
    public void process(Record<String, ApprovalEvent> record) {
        if (record.value() == null) {
            sweep.arm();
            return;
        }
        Vote vote = Vote.of(record.value());
        Instant now = Instant.ofEpochMilli(context().currentSystemTimeMs());
        PendingEscalation escalation = pending.get(vote.correlationId());
        String tenant = escalation == null ? vote.envelope().getTenant() : PendingEscalations.decision(escalation).getEnvelope().getTenant();
        Tally.Outcome outcome;
        if (escalation == null) {
            outcome = Tally.Outcome.ignored("no pending escalation " + vote.correlationId() + " (unknown, or already decided)");
        } else if (!votesFor(vote, tenant)) {
            outcome = Tally.Outcome.ignored("the voter's token is not for tenant " + tenant + " (its tenants: " + vote.voterTenants() + ")");
        } else if (!InputClock.inTime(castAt(record), escalation.getDeadline())) {
            outcome = Tally.Outcome.ignored("cast at " + castAt(record) + ", after the deadline " + escalation.getDeadline());
        } else {
            outcome = Tally.vote(escalation, PendingEscalations.request(escalation).getSubject(), vote.approver(), vote.role(),
                    vote.granted(), vote.envelope().getEventId());
        }
        Finalisation finalisation = null;
        if (escalation != null && outcome.counted() && outcome.effect() == Effect.PERMIT) {
            finalisation = reevaluate(outcome, vote.envelope().getEventId(), now);
            if (finalisation.stillPending() != null) {
                outcome = finalisation.stillPending();
            }
        }
        if (!outcome.counted()) {
            // Neither the voter nor the note (which names people): the ledger holds both, encrypted.
            LOG.info("Vote {} ({}) on {}: ignored", vote.envelope().getEventId(), vote.role(), vote.correlationId());
        }
        forward(EscalationOutput.step(step(vote, outcome, tenant, now)), vote.correlationId(), vote.envelope().getTraceparent(), now);
        if (escalation == null || !outcome.counted()) {
            return;
        }
        if (outcome.effect() == null) {
            pending.put(vote.correlationId(), outcome.after());
            return;
        }
        pending.delete(vote.correlationId());
        if (finalisation != null) {
            decided(escalation, finalisation.decision(), now);
            return;
        }
        String reason = outcome.note() + (vote.comment() == null ? "" : ": " + vote.comment());
        List<String> named = new ArrayList<>(Tally.approverNames(escalation));
        named.add(vote.approver());
        decided(escalation, FinalDecisions.of(PendingEscalations.decision(escalation), outcome.effect(), reason, named,
                vote.envelope().getEventId(), now), now);
    }

    /**
     * What completed approvals lead to under the set in force now: PERMIT if it permits, or still
     * escalates and the approvals meet its obligation; DENY if it denies; still pending if it
     * escalates asking for more than has been given.
     */
    private Finalisation reevaluate(Tally.Outcome approved, String causationId, Instant now) {
        PendingEscalation escalation = approved.after();
        GovernanceDecision escalated = PendingEscalations.decision(escalation);
        DispatchRequested request = PendingEscalations.request(escalation);
        DispatchDecider.Outcome again = reevaluation.outcome(request, now);
        GovernanceDecision current = again.decision();
        String under = current.getPolicySetId() + " v" + current.getPolicyVersion();
        if (current.getEffect() == Effect.ESCALATE) {
            Obligations.Escalation obligation = again.verdict().obligations().escalation();
            PendingEscalation rescoped = PendingEscalation.newBuilder(escalation)
                    .setRequired(new java.util.HashMap<>(obligation == null ? Map.of() : obligation.approvals())).build();
            Map<String, Integer> missing = Tally.missing(rescoped);
            if (!missing.isEmpty()) {
                return new Finalisation(null, new Tally.Outcome(true, approved.note() + ", but " + under + " (rule " + current.getRuleId()
                        + ") now needs " + Tally.describe(missing) + " more", null, rescoped));
            }
        }
        Effect effect = current.getEffect() == Effect.DENY ? Effect.DENY : Effect.PERMIT;
        String reason = effect == Effect.DENY
                ? approved.note() + ", but " + under + " now denies it (rule " + current.getRuleId() + "): " + current.getReason()
                : approved.note() + ": " + (current.getEffect() == Effect.PERMIT ? current.getReason() : escalated.getReason());
        return new Finalisation(FinalDecisions.of(escalated, current, effect, reason, Tally.approverNames(escalation), causationId, now), null);
    }

    /** Either the final decision, or the vote's outcome when the escalation stays pending. */
    private record Finalisation(GovernanceDecision decision, Tally.Outcome stillPending) {
    }

    /**
     * When a vote was cast: the time the broker appended it (the approvals topic stamps records with
     * its own clock, and routing keeps the timestamp), never a time its producer wrote in the event.
     */
    private static Instant castAt(Record<?, ?> record) {
        return Instant.ofEpochMilli(record.timestamp());
    }

    /** Denies every escalation whose deadline has passed by what the task has read ({@link InputClock}). */
    private void timeOut(long wallClockMs) {
        Instant now = Instant.ofEpochMilli(wallClockMs);
        Instant readUpTo = clock.readUpTo(context().currentStreamTimeMs(), now);
        boolean open = false;
        for (KeyValue<String, PendingEscalation> entry : StoreEntries.all(pending)) {
            if (!InputClock.passed(entry.value.getDeadline(), readUpTo)) {
                open = true;
                continue;
            }
            pending.delete(entry.key);
            GovernanceDecision escalated = PendingEscalations.decision(entry.value);
            Duration waited = Duration.between(escalated.getEnvelope().getOccurredAt(), entry.value.getDeadline());
            String reason = "escalation timed out after " + waited + ": still needed " + Tally.describe(Tally.missing(entry.value))
                    + " (approved by " + Tally.approvers(entry.value) + ")";
            decided(entry.value, FinalDecisions.of(escalated, Effect.DENY, reason, Tally.approverNames(entry.value),
                    escalated.getEnvelope().getEventId(), now), now);
        }
        sweep.keep(open);
    }

    /** Forwards the final decision on {@code escalation}, keyed by its correlation id. */
    private void decided(PendingEscalation escalation, GovernanceDecision decision, Instant now) {
        DispatchRequested request = PendingEscalations.request(escalation);
        forward(EscalationOutput.decision(new Decided(request, decision)), decision.getEnvelope().getCorrelationId(),
                request.getEnvelope().getTraceparent(), now);
    }

    private void forward(EscalationOutput output, String correlationId, String traceparent, Instant now) {
        Record<String, EscalationOutput> out = new Record<>(correlationId, output, now.toEpochMilli(), new RecordHeaders());
        EventHeaders.carry(out.headers(), correlationId, traceparent);
        context().forward(out);
    }

    /** @param tenant the escalated request's tenant when known: votes come from tools that need not know it */
    private static LedgerFact step(Vote vote, Tally.Outcome outcome, String tenant, Instant now) {
        Envelope in = vote.envelope();
        // Keyed by the vote's correlation id (what routed it), which its envelope need not repeat.
        Envelope envelope = Envelopes.of(Envelopes.derivedId("govstream-escalation-step:" + in.getEventId()), vote.correlationId(),
                in.getEventId(), tenant, now, DispatchDecider.PRODUCER, in.getTraceparent());
        EscalationStep step = EscalationStep.newBuilder()
                .setEnvelope(envelope)
                .setCorrelationId(vote.correlationId())
                .setVoteEventId(in.getEventId())
                .setGranted(vote.granted())
                .setApprover(vote.approver())
                .setRole(vote.role())
                .setComment(vote.comment())
                .setCounted(outcome.counted())
                .setNote(outcome.note())
                .setAuthenticatedBy(vote.authenticatedBy() == null ? "" : vote.authenticatedBy())
                .build();
        return new LedgerFact(envelope, LedgerEntryKind.STATE_CHANGE, vote.correlationId(), EscalationStep.getClassSchema().getFullName(),
                LedgerFact.avroBinary(step));
    }

    /** Whether the voter's token names the escalation's tenant (or every tenant). */
    static boolean votesFor(Vote vote, String tenant) {
        return vote.voterTenants().contains("*") || vote.voterTenants().contains(tenant);
    }

    /** Either kind of vote, flattened. */
    record Vote(Envelope envelope, String correlationId, String approver, String role, String comment, boolean granted,
                String authenticatedBy, List<String> voterTenants) {
        static Vote of(ApprovalEvent event) {
            Object vote = event.getVote();
            if (vote instanceof ApprovalGranted g) {
                return new Vote(g.getEnvelope(), g.getCorrelationId(), g.getApprover(), g.getRole(), g.getComment(), true,
                        g.getAuthenticatedBy(), g.getVoterTenants() == null ? List.of() : List.copyOf(g.getVoterTenants()));
            }
            ApprovalDenied d = (ApprovalDenied) vote;
            return new Vote(d.getEnvelope(), d.getCorrelationId(), d.getApprover(), d.getRole(), d.getComment(), false,
                    d.getAuthenticatedBy(), d.getVoterTenants() == null ? List.of() : List.copyOf(d.getVoterTenants()));
        }
    }
}
