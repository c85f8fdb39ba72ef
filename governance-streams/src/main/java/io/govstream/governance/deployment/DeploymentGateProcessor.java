package io.govstream.governance.deployment;

import io.govstream.governance.stores.StoreEntries;
import io.govstream.policy.Environments;
import io.govstream.policy.PromotionGate;
import io.govstream.events.Effect;
import io.govstream.events.Envelope;
import io.govstream.events.deployment.ApprovalGranted;
import io.govstream.events.deployment.ApprovalRevoked;
import io.govstream.events.deployment.CheckReported;
import io.govstream.events.deployment.DeploymentAction;
import io.govstream.events.deployment.DeploymentCompleted;
import io.govstream.events.deployment.DeploymentDecision;
import io.govstream.events.deployment.DeploymentEvent;
import io.govstream.events.deployment.DeploymentState;
import io.govstream.events.deployment.HealthReported;
import io.govstream.events.deployment.HealthWatch;
import io.govstream.events.deployment.OpenGate;
import io.govstream.events.deployment.PromotionRequested;
import io.govstream.events.deployment.RollbackCompleted;
import io.govstream.events.deployment.RollbackRequested;
import io.govstream.events.deployment.Running;
import io.govstream.events.deployment.TrafficSwitched;
import io.govstream.governance.observe.GovernanceObserver;
import io.govstream.schemas.EventHeaders;
import io.govstream.governance.clock.InputClock;
import io.govstream.governance.clock.WallClockSweep;
import io.govstream.governance.policy.ActivePolicies;
import io.govstream.policy.PolicyExtension;
import io.govstream.policy.PolicySet;
import io.govstream.ledger.gdpr.PersonalFields;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The deployment gate of one streams task: applies each deployment event to its service's state
 * and re-evaluates the gates it touches, and on a wall-clock timer re-evaluates every open gate
 * (soak ends, freezes lift) and ends blue/green watches. Runs in the task of the deployments
 * partition with the same number as its ledger chain, so every event and decision it forwards is
 * appended by that task's {@code ledger-append} (one writer per chain).
 *
 * <p>Every event is ledgered first; then each decision it causes, each followed by its deploy
 * command if it permits one. A timer forwards a decision only when the outcome changed (a soak
 * countdown alone is not a change), so an idle gate does not fill the ledger.
 */
public final class DeploymentGateProcessor extends ContextualProcessor<byte[], DeploymentEvent, String, DeploymentOutput> {
    private static final Logger LOG = LoggerFactory.getLogger(DeploymentGateProcessor.class);
    /** Rule id of the DENY that refuses a completion into an environment no PERMIT allowed. */
    public static final String UNPERMITTED_COMPLETION = "completion-without-permit";
    /** Rule id of the DENY that refuses a rollback report to a version that never ran in that environment. */
    public static final String UNKNOWN_ROLLBACK_VERSION = "rollback-to-unknown-version";
    /** Rule id of the DENY that refuses a traffic switch to a version that does not run in that environment: no watch starts. */
    public static final String SWITCH_NOT_RUNNING = "switch-to-version-not-running";

    private final Function<ProcessorContext<?, ?>, ActivePolicies> policiesOfTask;
    private final Function<ProcessorContext<?, ?>, PolicyExtension.Values> valuesOfTask;
    private final Duration sweepEvery;
    private final Duration permitFor;
    private final GovernanceObserver observer;
    private PolicyExtension.Values values;
    private InputClock clock;
    private KeyValueStore<String, DeploymentState> store;
    private ActivePolicies policies;
    private WallClockSweep sweep;

    /**
     * @param sweepEvery   how often (wall clock) open gates and watches are re-evaluated without an event (while any is open)
     * @param valuesOfTask opens, in {@link #init}, the extensions' values ({@code flags}, {@code state}) over the task's
     *                     stores, so promotion rules see them exactly as dispatch rules do
     * @param permitFor    how long a PERMIT allows its completion: the TTL its signed command is valid for
     * @param observer     hears every decision (metrics: a refused completion raises an alert)
     */
    public DeploymentGateProcessor(Function<ProcessorContext<?, ?>, ActivePolicies> policiesOfTask,
                                   Function<ProcessorContext<?, ?>, PolicyExtension.Values> valuesOfTask, Duration sweepEvery,
                                   Duration permitFor, GovernanceObserver observer) {
        this.policiesOfTask = policiesOfTask;
        this.valuesOfTask = valuesOfTask;
        this.sweepEvery = sweepEvery;
        this.permitFor = permitFor;
        this.observer = observer;
    }

    @Override
    public void init(ProcessorContext<String, DeploymentOutput> context) {
        super.init(context);
        this.store = context.getStateStore(DeploymentGates.STORE);
        this.policies = policiesOfTask.apply(context);
        this.values = valuesOfTask.apply(context);
        this.clock = new InputClock(Instant.ofEpochMilli(context.currentSystemTimeMs()));
        this.sweep = new WallClockSweep(context, sweepEvery, this::sweep);
        sweep.arm(); // the first sweep finds the gates and watches a restart brought back, or disarms
    }

    /** The people named by the event being applied; empty while timers decide. */
    private Set<String> eventPeople = Set.of();

    @Override
    public void process(Record<byte[], DeploymentEvent> record) {
        eventPeople = PersonalFields.dataSubjects(record.value());
        try {
            processEvent(record);
        } finally {
            eventPeople = Set.of();
        }
    }

    private void processEvent(Record<byte[], DeploymentEvent> record) {
        DeploymentEvent event = record.value();
        Envelope in = DeploymentEvents.envelope(event);
        String service = DeploymentEvents.service(event);
        Instant now = Instant.ofEpochMilli(context().currentSystemTimeMs());
        String key = DeploymentGates.key(in.getTenant(), service);
        ServiceState state = ServiceState.of(stored(key, in.getTenant(), service), service, in.getTenant());
        forward(service, DeploymentOutput.fact(DeploymentRecords.event(event, state.tenant(), now)), in.getTraceparent(), now);
        String invalid = DeploymentEvents.invalid(event);
        if (invalid != null) {
            LOG.warn("Invalid {} {} for {}: {}", DeploymentEvents.type(event), in.getEventId(), service, invalid);
            PromotionGate.Outcome denied = PromotionGate.Outcome.deny("validation", DeploymentEvents.type(event) + " is invalid: " + invalid);
            PromotionRequested asked = event.getEvent() instanceof PromotionRequested p ? p : null;
            decide(state, asked == null ? subject(state, in, "-", DeploymentAction.PROMOTE, null, "-", null, in.getCorrelationId())
                    : subject(state, in, asked.getVersion(), DeploymentAction.PROMOTE, asked.getFromEnvironment(), asked.getToEnvironment(),
                            asked.getRequester(), in.getCorrelationId()), denied, List.of(), now, null, null);
            return;
        }
        apply(state, event.getEvent(), in, now, Instant.ofEpochMilli(record.timestamp()));
        store.put(key, state.toAvro());
        if (state.timed()) {
            sweep.arm();
        }
    }

    /**
     * The gate state of (tenant, service). State kept by service alone, before gates were keyed by
     * tenant, becomes its tenant's on first use; another tenant's events never see it.
     */
    private DeploymentState stored(String key, String tenant, String service) {
        DeploymentState state = store.get(key);
        if (state == null) {
            DeploymentState legacy = store.get(service);
            if (legacy != null && legacy.getTenant().equals(tenant)) {
                store.delete(service);
                return legacy;
            }
        }
        return state;
    }

    /** @param appendedAt when the broker appended the event (LogAppendTime on the deployments topic) */
    private void apply(ServiceState state, Object event, Envelope in, Instant now, Instant appendedAt) {
        if (event instanceof PromotionRequested p) {
            OpenGate gate = state.open(new OpenGate(p.getVersion(), p.getFromEnvironment(), p.getToEnvironment(), p.getRequester(),
                    in.getEventId(), in.getCorrelationId(), p.getDigest(), ""));
            evaluate(state, gate, in, List.of(), now, true);
        } else if (event instanceof CheckReported c) {
            state.check(c);
            reevaluate(state, g -> g.getVersion().equals(c.getVersion()) && g.getFromEnvironment().equals(c.getEnvironment()), in,
                    List.of(), now);
        } else if (event instanceof ApprovalGranted a) {
            String ignored = state.approve(a.getVersion(), a.getToEnvironment(), a.getApprover(), a.getRole(), in.getEventId(), a.getDigest());
            if (ignored != null) {
                // The reason names the approver: only the ledger (encrypted) holds it, never a log line.
                LOG.info("{} {}: approval ignored", state.service(), in.getEventId());
            }
            List<String> notes = ignored == null ? List.of() : List.of(ignored);
            reevaluate(state, g -> g.getVersion().equals(a.getVersion()) && g.getToEnvironment().equals(a.getToEnvironment()), in, notes, now);
        } else if (event instanceof ApprovalRevoked r) {
            boolean revoked = state.revoke(r.getVersion(), r.getToEnvironment(), r.getApprover());
            List<String> notes = List.of(revoked ? "approval by " + r.getApprover() + " revoked"
                    : r.getApprover() + " had no approval to revoke");
            reevaluate(state, g -> g.getVersion().equals(r.getVersion()) && g.getToEnvironment().equals(r.getToEnvironment()), in, notes, now);
        } else if (event instanceof DeploymentCompleted d) {
            if (!state.completionPermitted(d.getVersion(), d.getEnvironment(), now)) {
                // Refused: the version is not recorded as running there, so it neither soaks nor promotes from there.
                LOG.warn("{} {} completed in {} without a PERMIT for it: refused", state.service(), d.getVersion(), d.getEnvironment());
                decide(state, subject(state, in, d.getVersion(), DeploymentAction.PROMOTE, Environments.before(d.getEnvironment()).orElse(null),
                        d.getEnvironment(), d.getReporter(), in.getCorrelationId()), PromotionGate.Outcome.deny(UNPERMITTED_COMPLETION,
                        state.service() + " " + d.getVersion() + " reported running in " + d.getEnvironment()
                                + " without a PERMIT for that promotion: refused, not recorded as running there"), List.of(), now, null, null);
                return;
            }
            state.deployed(d.getVersion(), d.getEnvironment(), now);
            reevaluate(state, g -> g.getVersion().equals(d.getVersion()) && g.getFromEnvironment().equals(d.getEnvironment()), in,
                    List.of(), now);
        } else if (event instanceof TrafficSwitched t) {
            if (state.runningSince(t.getVersion(), t.getEnvironment()) == null) {
                // Refused: no watch, so no RETIRE of the colour the running version may still be on.
                LOG.warn("{} traffic switched to {} in {}, which does not run there: refused", state.service(), t.getVersion(), t.getEnvironment());
                decide(state, subject(state, in, t.getVersion(), DeploymentAction.RETIRE, t.getEnvironment(), t.getEnvironment(),
                        t.getReporter(), in.getCorrelationId()), PromotionGate.Outcome.deny(SWITCH_NOT_RUNNING, state.service() + " "
                        + t.getVersion() + " reported taking traffic in " + t.getEnvironment() + " where it does not run: refused, not watched"),
                        List.of(), now, null, null);
                return;
            }
            PolicySet set = policy(state);
            PromotionGate.health(set, state.service(), t.getVersion(), t.getEnvironment(), state.tenant(), now, values)
                    .ifPresentOrElse(watch -> state.watch(new HealthWatch(t.getEnvironment(), t.getVersion(), t.getToColour(),
                                    watch.ruleId(), now.plus(watch.health().watch()), watch.health().maxErrorRate(),
                                    watch.health().maxLatencyP99Ms(), in.getCorrelationId(), set.id(), set.version(), set.contentHash())),
                            () -> LOG.info("No health thresholds for {} in {}: traffic switch not watched", state.service(), t.getEnvironment()));
        } else if (event instanceof HealthReported h) {
            // A report counts if it was appended within the watch, however late it is read; one from after it does not.
            state.watching(h.getEnvironment(), h.getVersion())
                    .filter(w -> InputClock.inTime(appendedAt, w.getUntil()))
                    .filter(w -> h.getErrorRate() > w.getMaxErrorRate() || h.getLatencyP99Ms() > w.getMaxLatencyP99Ms())
                    .ifPresent(w -> rollBackUnhealthy(state, w, h, in, now));
        } else if (event instanceof RollbackRequested r) {
            state.unwatch(r.getEnvironment());
            String previous = state.running(r.getEnvironment()).map(Running::getPreviousVersion).orElse(null);
            PromotionGate.Outcome outcome = PromotionGate.rollback(policy(state), state.service(), r.getEnvironment(), previous,
                    r.getRequester(), state.tenant(), now, values);
            decide(state, subject(state, in, previous == null ? "-" : previous, DeploymentAction.ROLLBACK, r.getEnvironment(),
                    r.getEnvironment(), r.getRequester(), in.getCorrelationId()), outcome, List.of("reason given: " + r.getReason()), now, null, null);
        } else if (event instanceof RollbackCompleted r) {
            if (!state.ranIn(r.getVersion(), r.getEnvironment())) {
                // Refused: the version is not recorded as running there, so it neither soaks nor promotes from there.
                LOG.warn("{} rolled back to {} in {}, which never ran there: refused", state.service(), r.getVersion(), r.getEnvironment());
                decide(state, subject(state, in, r.getVersion(), DeploymentAction.ROLLBACK, r.getEnvironment(), r.getEnvironment(),
                        r.getReporter(), in.getCorrelationId()), PromotionGate.Outcome.deny(UNKNOWN_ROLLBACK_VERSION, state.service() + " "
                        + r.getVersion() + " reported running again in " + r.getEnvironment() + " after a rollback, but it never ran there: "
                        + "refused, not recorded as running there"), List.of(), now, null, null);
                return;
            }
            state.rolledBack(r.getVersion(), r.getEnvironment(), now);
        }
    }

    private void rollBackUnhealthy(ServiceState state, HealthWatch watch, HealthReported health, Envelope in, Instant now) {
        state.unwatch(watch.getEnvironment());
        String previous = state.running(watch.getEnvironment()).map(Running::getPreviousVersion).orElse(null);
        String why = String.format(java.util.Locale.ROOT, "health of %s in %s after the switch to %s: error rate %.4f (max %.4f), p99 %.0f ms (max %.0f ms)",
                watch.getVersion(), watch.getEnvironment(), watch.getColour(), health.getErrorRate(), watch.getMaxErrorRate(),
                health.getLatencyP99Ms(), watch.getMaxLatencyP99Ms());
        PromotionGate.Outcome outcome = previous == null
                ? PromotionGate.Outcome.deny(PromotionGate.NOTHING_TO_ROLL_BACK, why + ": no earlier version to roll back to")
                : new PromotionGate.Outcome(Effect.PERMIT, watch.getRuleId(), why + ": rolling back to " + previous, List.of(), List.of(),
                        List.of(), List.of());
        decide(state, subject(state, in, previous == null ? watch.getVersion() : previous, DeploymentAction.ROLLBACK,
                watch.getEnvironment(), watch.getEnvironment(), null, watch.getCorrelationId()), outcome, List.of(), now, null, null,
                armedUnder(state, watch));
    }

    private void reevaluate(ServiceState state, java.util.function.Predicate<OpenGate> affected, Envelope in, List<String> notes,
                            Instant now) {
        for (OpenGate gate : state.gates()) {
            if (affected.test(gate)) {
                evaluate(state, gate, in, notes, now, true);
            }
        }
    }

    /** @param always false on a timer: forward only if the outcome changed since the gate's last decision */
    private void evaluate(ServiceState state, OpenGate gate, Envelope cause, List<String> notes, Instant now, boolean always) {
        PromotionGate.Facts facts = new PromotionGate.Facts(state.service(), gate.getVersion(), gate.getFromEnvironment(),
                gate.getToEnvironment(), gate.getRequester(), state.tenant(), state.runningSince(gate.getVersion(), gate.getFromEnvironment()),
                state.checks(gate.getVersion(), gate.getFromEnvironment()), state.approvals(gate.getVersion(), gate.getToEnvironment()));
        PromotionGate.Outcome outcome = PromotionGate.evaluate(policy(state), facts, now, values);
        if (!always && outcome.signature().equals(gate.getLastReason())) {
            return;
        }
        String causation = cause == null ? "timer:" + gate.getRequestEventId() : cause.getEventId();
        DeploymentRecords.Subject subject = new DeploymentRecords.Subject(state.service(), state.tenant(), gate.getVersion(),
                DeploymentAction.PROMOTE, gate.getFromEnvironment(), gate.getToEnvironment(), gate.getRequester(), gate.getCorrelationId(),
                causation, cause == null ? null : cause.getTraceparent());
        state.closeGate(gate.getVersion(), gate.getToEnvironment());
        if (outcome.effect() == Effect.PENDING) {
            gate.setLastReason(outcome.signature());
            state.keepOpen(gate); // still the same request: its approvals stay
        } else {
            state.endApprovals(gate.getVersion(), gate.getToEnvironment()); // the gate closed: its approvals end with it
            if (outcome.effect() == Effect.PERMIT) {
                state.permit(gate.getVersion(), gate.getToEnvironment(), gate.getCorrelationId(), now.plus(permitFor));
            }
        }
        decide(state, subject, outcome, notes, now, gate.getDigest(), null);
    }

    /**
     * Everyone a decision's reason may name besides its requester: the approvers of the promotion and
     * whoever sent the event being applied. With the requester, the people whose data keys protect it
     * in the ledger.
     */
    private Set<String> named(ServiceState state, DeploymentRecords.Subject subject, PromotionGate.Outcome outcome) {
        Set<String> named = new LinkedHashSet<>(eventPeople);
        state.approvals(subject.version(), subject.to()).forEach(a -> named.add(a.approver()));
        for (String counted : outcome.counted()) {
            int role = counted.lastIndexOf(" (");
            named.add(role < 0 ? counted : counted.substring(0, role));
        }
        named.remove(subject.requester());
        return named;
    }

    private void decide(ServiceState state, DeploymentRecords.Subject subject, PromotionGate.Outcome outcome, List<String> notes,
                        Instant now, String digest, String colour) {
        decide(state, subject, outcome, notes, now, digest, colour, DeploymentRecords.DecidedBy.of(policy(state)));
    }

    /** @param decidedBy the policy set the outcome was decided under (a watch's: the one in force when it was armed) */
    private void decide(ServiceState state, DeploymentRecords.Subject subject, PromotionGate.Outcome outcome, List<String> notes,
                        Instant now, String digest, String colour, DeploymentRecords.DecidedBy decidedBy) {
        DeploymentDecision decision = DeploymentRecords.decision(subject, outcome, notes, named(state, subject, outcome), decidedBy, now);
        // Without the reason, which may name people: the ledger holds it, encrypted.
        LOG.info("{} {} {} {} → {}: {} by rule {}", decision.getAction(), subject.service(), subject.version(), subject.from(), subject.to(),
                decision.getEffect(), decision.getRuleId());
        observer.deploymentDecided(decision);
        forward(subject.service(), DeploymentOutput.fact(DeploymentRecords.fact(decision)), subject.traceparent(), now);
        if (decision.getEffect() == Effect.PERMIT) {
            forward(subject.service(), DeploymentOutput.command(DeploymentRecords.command(decision, digest, colour)), subject.traceparent(), now);
        }
    }

    private DeploymentRecords.Subject subject(ServiceState state, Envelope in, String version, DeploymentAction action, String from,
                                              String to, String requester, String correlationId) {
        return new DeploymentRecords.Subject(state.service(), state.tenant(), version, action, from, to, requester, correlationId,
                in.getEventId(), in.getTraceparent());
    }

    /**
     * Re-evaluates every open gate and ends every watch whose window passed healthy, once the task
     * has read every report appended within it ({@link InputClock}): after lag, a bad report that
     * arrived in time rolls back before the watch can retire the old colour.
     */
    private void sweep(long wallClockMs) {
        Instant now = Instant.ofEpochMilli(wallClockMs);
        Instant readUpTo = clock.readUpTo(context().currentStreamTimeMs(), now);
        boolean open = false;
        for (KeyValue<String, DeploymentState> entry : StoreEntries.all(store)) {
            ServiceState state = ServiceState.of(entry.value, entry.key, entry.value.getTenant());
            for (OpenGate gate : state.gates()) {
                evaluate(state, gate, null, List.of(), now, false);
            }
            for (HealthWatch watch : state.watches()) {
                if (InputClock.passed(watch.getUntil(), readUpTo)) {
                    retire(state, watch, now);
                }
            }
            if (!state.toAvro().equals(entry.value)) {
                store.put(entry.key, state.toAvro());
            }
            open |= state.timed();
        }
        sweep.keep(open);
    }

    private void retire(ServiceState state, HealthWatch watch, Instant now) {
        state.unwatch(watch.getEnvironment());
        String old = "blue".equals(watch.getColour()) ? "green" : "blue";
        PromotionGate.Outcome outcome = new PromotionGate.Outcome(Effect.PERMIT, watch.getRuleId(), watch.getVersion() + " stayed healthy in "
                + watch.getEnvironment() + " on " + watch.getColour() + " for the whole watch: the " + old + " colour may be retired",
                List.of(), List.of(), List.of(), List.of());
        DeploymentRecords.Subject subject = new DeploymentRecords.Subject(state.service(), state.tenant(), watch.getVersion(),
                DeploymentAction.RETIRE, watch.getEnvironment(), watch.getEnvironment(), null, watch.getCorrelationId(),
                "watch:" + watch.getCorrelationId(), null);
        decide(state, subject, outcome, List.of(), now, null, old, armedUnder(state, watch));
    }

    /** The set {@code watch} was armed under: its thresholds and rule are that set's (the set in force for a watch stored without it). */
    private DeploymentRecords.DecidedBy armedUnder(ServiceState state, HealthWatch watch) {
        return watch.getPolicySetId() == null ? DeploymentRecords.DecidedBy.of(policy(state))
                : new DeploymentRecords.DecidedBy(watch.getPolicySetId(), watch.getPolicyVersion(), watch.getPolicyHash());
    }

    private PolicySet policy(ServiceState state) {
        return policies.forTenant(state.tenant());
    }

    private void forward(String service, DeploymentOutput output, String traceparent, Instant now) {
        Record<String, DeploymentOutput> out = new Record<>(service, output, now.toEpochMilli(), new RecordHeaders());
        String correlation = output.isFact() ? output.fact().envelope().getCorrelationId() : output.command().getEnvelope().getCorrelationId();
        EventHeaders.carry(out.headers(), correlation, traceparent);
        context().forward(out);
    }

}
