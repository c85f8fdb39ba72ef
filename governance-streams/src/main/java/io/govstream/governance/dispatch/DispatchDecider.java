package io.govstream.governance.dispatch;

import io.govstream.events.DispatchRequested;
import io.govstream.events.Effect;
import io.govstream.events.Envelope;
import io.govstream.events.GovernanceDecision;
import io.govstream.governance.policy.PolicyContext;
import io.govstream.governance.policy.PolicyExtension;
import io.govstream.governance.policy.PolicyInput;
import io.govstream.governance.policy.PolicySet;
import io.govstream.governance.policy.Verdict;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Supplier;

/** Validates a request, evaluates the policy set, and writes the decision. Pure but for event ids. */
public final class DispatchDecider {
    public static final String PRODUCER = "governance-streams";

    private final DispatchValidator validator;
    private final Supplier<UUID> eventIds;

    public DispatchDecider(DispatchValidator validator, Supplier<UUID> eventIds) {
        this.validator = Objects.requireNonNull(validator, "validator");
        this.eventIds = Objects.requireNonNull(eventIds, "eventIds");
    }

    public DispatchDecider() {
        this(new DispatchValidator(), UUID::randomUUID);
    }

    /** Decides with the platform's variables only (no state, no flags). */
    public GovernanceDecision decide(DispatchRequested request, PolicySet policies, Instant now) {
        return decide(request, policies, now, null);
    }

    /** @param extensions the values of the extensions' variables (state, flags), or null for neutral ones */
    public GovernanceDecision decide(DispatchRequested request, PolicySet policies, Instant now, PolicyExtension.Values extensions) {
        return outcome(request, policies, now, extensions).decision();
    }

    /** The decision and the verdict behind it (whose obligations an escalation enforces). */
    public Outcome outcome(DispatchRequested request, PolicySet policies, Instant now, PolicyExtension.Values extensions) {
        Verdict verdict = verdict(request, policies, now, extensions);
        return new Outcome(decision(request, policies, now, verdict), verdict);
    }

    private GovernanceDecision decision(DispatchRequested request, PolicySet policies, Instant now, Verdict verdict) {
        Envelope in = request.getEnvelope();
        String eventId = eventIds.get().toString();
        Envelope envelope = Envelope.newBuilder()
                .setEventId(eventId)
                .setCorrelationId(correlationId(request, eventId))
                .setCausationId(orEmpty(in.getEventId()))
                .setTenant(orEmpty(in.getTenant()))
                .setOccurredAt(now)
                .setProducer(PRODUCER)
                .setTraceparent(in.getTraceparent())
                .build();
        return GovernanceDecision.newBuilder()
                .setEnvelope(envelope)
                .setRequestEventId(orEmpty(in.getEventId()))
                .setEffect(verdict.effect())
                .setPolicySetId(policies.id())
                .setPolicyVersion(policies.version())
                .setPolicyHash(policies.contentHash())
                .setRuleId(verdict.ruleId())
                .setReason(verdict.reason())
                .setSource(orEmpty(request.getSource()))
                .setTarget(orEmpty(request.getTarget()))
                .setIntent(orEmpty(request.getIntent()))
                .setSubject(orEmpty(request.getSubject()))
                .build();
    }

    /** A decision with the verdict it was made from. */
    public record Outcome(GovernanceDecision decision, Verdict verdict) {
        /** Whether the request passed validation (and so reached the policy, and counts in state). */
        public boolean validated() {
            return !Verdict.VALIDATION.equals(verdict.ruleId());
        }
    }

    private Verdict verdict(DispatchRequested request, PolicySet policies, Instant now, PolicyExtension.Values extensions) {
        List<String> problems = validator.problems(request, now);
        if (!problems.isEmpty()) {
            return new Verdict(Effect.DENY, Verdict.VALIDATION, "invalid request: " + String.join("; ", problems));
        }
        PolicyInput input = input(request);
        PolicyContext context = extensions == null ? PolicyContext.of(input, now)
                : new PolicyContext(input, now, extensions.of(input, now));
        return policies.evaluate(context);
    }

    /** The facts of a (valid) request that policies see. */
    public static PolicyInput input(DispatchRequested request) {
        return new PolicyInput(request.getSource(), request.getTarget(), request.getIntent(), request.getSubject(),
                request.getEnvelope().getTenant(), request.getPayload(), request.getAttributes());
    }

    /** Decisions are keyed by correlation id; an invalid request without one still gets a usable key. */
    private static String correlationId(DispatchRequested request, String decisionId) {
        Envelope in = request.getEnvelope();
        if (in.getCorrelationId() != null && !in.getCorrelationId().isBlank()) {
            return in.getCorrelationId();
        }
        return in.getEventId() != null && !in.getEventId().isBlank() ? in.getEventId() : decisionId;
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }
}
