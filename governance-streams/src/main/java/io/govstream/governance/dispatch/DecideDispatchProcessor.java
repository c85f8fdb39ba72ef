package io.govstream.governance.dispatch;

import io.govstream.events.DispatchRequested;
import io.govstream.events.Effect;
import io.govstream.events.Envelope;
import io.govstream.events.GovernanceDecision;
import io.govstream.events.ShadowDecision;
import io.govstream.schemas.EventHeaders;
import io.govstream.governance.policy.ActivePolicies;
import io.govstream.policy.Obligations;
import io.govstream.policy.PolicyExtension;
import io.govstream.governance.policy.TaskExtensions;
import io.govstream.policy.PolicyInput;
import io.govstream.policy.PolicySet;
import io.govstream.policy.Verdict;
import io.govstream.runtime.tracing.Tracing;
import io.opentelemetry.api.trace.SpanKind;
import java.time.Instant;
import java.util.Objects;
import java.util.function.Function;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Decides each decoded request under the policy set in force for its tenant, re-keys it by
 * correlation id and sets the {@code correlation-id} and {@code traceparent} headers every
 * downstream record carries. Each decision reads the set in force once: it is decided wholly
 * under one version. A shadow set for the request's scope is evaluated right after,
 * on the same state, and its would-be decision rides along (never enforced).
 *
 * <p>One request, one decision ({@link RequestIds}): a redelivered request (same correlation and
 * event id) gets no second decision; another request under a correlation id that is taken is
 * denied with rule {@value Verdict#CORRELATION_ID_TAKEN} and touches nothing else.
 */
public final class DecideDispatchProcessor<K> extends ContextualProcessor<K, DispatchRequested, String, Decided> {
    /** The span of one decision. */
    public static final String SPAN = "decide dispatch";
    /** How often extensions drop expired state (wall clock). */
    public static final java.time.Duration EXPIRE_EVERY = java.time.Duration.ofMinutes(1);
    /** How long past its escalation's timeout a correlation id stays taken (late votes are still ledgered). */
    static final java.time.Duration ESCALATION_GRACE = java.time.Duration.ofHours(1);
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(DecideDispatchProcessor.class);
    private final Function<ProcessorContext<?, ?>, ActivePolicies> policiesOfTask;
    private final DispatchDecider decider;
    private final TaskExtensions extensions;
    private final ShadowDecisions shadows;
    private final Tracing tracing;
    private ActivePolicies policies;
    private PolicyExtension.Values values;
    private RequestIds ids;
    private java.time.Duration idWindow;

    /**
     * @param policiesOfTask  opens the task's view of the policies in force (its store), in {@link #init}
     * @param extensions      opened in {@link #init} with the task's stores; their values go to every decision
     * @param tracing         a span per decision, child of the request's traceparent, which the decision and
     *                        everything derived from it carry; off, they carry the request's
     */
    public DecideDispatchProcessor(Function<ProcessorContext<?, ?>, ActivePolicies> policiesOfTask, DispatchDecider decider,
                                   TaskExtensions extensions, Tracing tracing) {
        this.tracing = Objects.requireNonNull(tracing, "tracing");
        this.policiesOfTask = Objects.requireNonNull(policiesOfTask, "policiesOfTask");
        this.decider = Objects.requireNonNull(decider, "decider");
        this.extensions = Objects.requireNonNull(extensions, "extensions");
        this.shadows = new ShadowDecisions(decider);
    }

    @Override
    public void init(ProcessorContext<String, Decided> context) {
        super.init(context);
        this.policies = policiesOfTask.apply(context);
        this.values = extensions.open(context);
        this.ids = new RequestIds(context.getStateStore(RequestIds.STORE));
        this.idWindow = RequestIds.window(decider.maxAge(), DispatchValidator.MAX_CLOCK_SKEW);
        // Wall clock, not stream time: state expires even while no request arrives.
        context.schedule(EXPIRE_EVERY, PunctuationType.WALL_CLOCK_TIME, now -> {
            values.expire(Instant.ofEpochMilli(now));
            ids.expire(Instant.ofEpochMilli(now));
        });
    }

    @Override
    public void process(Record<K, DispatchRequested> record) {
        DispatchRequested request = record.value();
        String parent = request.getEnvelope().getTraceparent();
        try (Tracing.Hop hop = tracing.startIfOn(SPAN, SpanKind.CONSUMER, parent != null ? parent
                : EventHeaders.get(record.headers(), EventHeaders.TRACEPARENT))) {
            GovernanceDecision decision = decide(record, hop.traceparent());
            if (decision != null && hop.span().isRecording()) {
                Envelope envelope = decision.getEnvelope();
                hop.attribute(Tracing.CORRELATION_ID, envelope.getCorrelationId()).attribute(Tracing.TENANT, envelope.getTenant())
                        .attribute(Tracing.TARGET, decision.getTarget()).attribute(Tracing.INTENT, decision.getIntent())
                        .attribute(Tracing.EFFECT, decision.getEffect().name()).attribute(Tracing.RULE, decision.getRuleId())
                        .attribute(Tracing.POLICY_VERSION, decision.getPolicyVersion());
            }
        }
    }

    /** @return the decision forwarded, null for a redelivery (dropped) */
    private GovernanceDecision decide(Record<K, DispatchRequested> record, String traceparent) {
        DispatchRequested request = record.value();
        PolicySet policySet = policies.forTenant(request.getEnvelope().getTenant());
        Instant now = Instant.ofEpochMilli(context().currentSystemTimeMs());
        String correlationId = request.getEnvelope().getCorrelationId();
        String eventId = request.getEnvelope().getEventId();
        boolean identified = correlationId != null && !correlationId.isBlank() && eventId != null && !eventId.isBlank();
        RequestIds.Seen seen = identified ? ids.seen(correlationId, eventId) : RequestIds.Seen.NEW;
        if (seen == RequestIds.Seen.SAME_REQUEST) {
            LOG.info("Request {} was decided already: redelivery dropped, no second decision", eventId);
            return null;
        }
        DispatchDecider.Outcome outcome;
        if (seen == RequestIds.Seen.TAKEN) {
            // Refused before any policy: it neither counts in state nor touches the request that holds the id.
            outcome = decider.refuse(request, policySet, now, new Verdict(Effect.DENY, Verdict.CORRELATION_ID_TAKEN,
                    "correlation id " + correlationId + " already belongs to another request (decided, or escalated and pending): "
                            + "refused; the request that holds it is unchanged. Send a new correlation id"), traceparent);
        } else {
            // The record's timestamp is when it was written: the broker's append time on the requests topic (catalogue.yaml).
            outcome = decider.outcome(request, policySet, now, values, Instant.ofEpochMilli(record.timestamp()), traceparent);
            if (identified) {
                java.time.Duration keep = idWindow;
                Obligations.Escalation escalation = outcome.verdict().obligations().escalation();
                if (outcome.decision().getEffect() == Effect.ESCALATE && escalation != null
                        && escalation.timeout().plus(ESCALATION_GRACE).compareTo(keep) > 0) {
                    keep = escalation.timeout().plus(ESCALATION_GRACE);
                }
                ids.remember(correlationId, eventId, now.plus(keep));
            }
        }
        GovernanceDecision decision = outcome.decision();
        ShadowDecision shadow = shadows.evaluate(request, decision, policies.shadowForTenant(request.getEnvelope().getTenant()), now, values);
        if (outcome.validated()) {
            PolicyInput input = DispatchDecider.input(request);
            values.decided(input, decision.getEffect(), now);
        }
        correlationId = decision.getEnvelope().getCorrelationId();
        // The decision, its command and its ledger entry carry governance's headers only, not the request's: those are
        // its producer's word (an external client's, too), and the ledger keeps its record headers for good, unencrypted.
        Record<String, Decided> out = new Record<>(correlationId, new Decided(request, decision, outcome.verdict().obligations(), shadow),
                record.timestamp(), new RecordHeaders());
        if (tracing.on()) {
            // What the decision causes (command, ledger entry) continues the decision's span.
            EventHeaders.put(out.headers(), correlationId, traceparent);
        } else {
            String incoming = EventHeaders.get(record.headers(), EventHeaders.TRACEPARENT);
            EventHeaders.carry(out.headers(), correlationId, incoming != null ? incoming : request.getEnvelope().getTraceparent());
        }
        context().forward(out);
        return decision;
    }
}
