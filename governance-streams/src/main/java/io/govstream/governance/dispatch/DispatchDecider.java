package io.govstream.governance.dispatch;

import io.govstream.events.DispatchRequested;
import io.govstream.events.Effect;
import io.govstream.events.Envelope;
import io.govstream.schemas.Envelopes;
import io.govstream.events.GovernanceDecision;
import io.govstream.policy.PolicyContext;
import io.govstream.policy.PolicyExtension;
import io.govstream.policy.PolicyInput;
import io.govstream.policy.PolicySet;
import io.govstream.policy.Verdict;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * Validates a request, checks its age, evaluates the policy set, and writes the decision. Pure but
 * for event ids.
 *
 * <p>The clock: a decision is taken at {@code now}, the deciding task's wall clock, recorded as the
 * decision's {@code envelope.occurredAt}; it is what windows, quotas and deadlines count from. A
 * request's age is {@code now} minus the time its record was written (the record timestamp: the
 * broker's append time on the requests topic, which no producer chooses). A request older than
 * {@link #maxAge()} is denied with rule {@value Verdict#MAX_AGE} before any policy sees it and
 * counts in no state: after an outage, hours-old requests are neither executed nor allowed to
 * fill the rate windows. So is a request written more than {@link #maxAge()} after it was created
 * ({@code envelope.occurredAt}): a replay or late redelivery is never decided as new.
 */
public final class DispatchDecider {
    public static final String PRODUCER = "governance-streams";
    /** How old a request may be when decided, by default. */
    public static final Duration DEFAULT_MAX_AGE = Duration.ofMinutes(5);

    private final DispatchValidator validator = new DispatchValidator();
    private final Duration maxAge;

    public DispatchDecider(Duration maxAge) {
        this.maxAge = Objects.requireNonNull(maxAge, "maxAge");
        if (maxAge.isNegative() || maxAge.isZero()) {
            throw new IllegalArgumentException("the maximum request age must be positive, was " + maxAge);
        }
    }

    public Duration maxAge() {
        return maxAge;
    }

    /**
     * The decision and the verdict behind it (whose obligations an escalation enforces), with no age check.
     *
     * @param extensions the values of the extensions' variables (state, flags), or null for neutral ones
     */
    public Outcome outcome(DispatchRequested request, PolicySet policies, Instant now, PolicyExtension.Values extensions) {
        return outcome(request, policies, now, extensions, null, request.getEnvelope().getTraceparent());
    }

    /**
     * @param writtenAt   when the request's record was written (its timestamp); null = no age check
     * @param traceparent the decision's: the span that decided (else the request's)
     */
    public Outcome outcome(DispatchRequested request, PolicySet policies, Instant now, PolicyExtension.Values extensions,
                           Instant writtenAt, String traceparent) {
        Verdict verdict = tooOld(writtenAt, now, request.getEnvelope() == null ? null : request.getEnvelope().getOccurredAt());
        if (verdict == null) {
            verdict = verdict(request, policies, now, extensions);
        }
        return new Outcome(decision(request, policies, now, verdict, traceparent), verdict);
    }

    private Verdict tooOld(Instant writtenAt, Instant now, Instant createdAt) {
        if (writtenAt == null) {
            return null;
        }
        Duration age = Duration.between(writtenAt, now);
        if (age.compareTo(maxAge) > 0) {
            return new Verdict(Effect.DENY, Verdict.MAX_AGE, "request written at " + writtenAt + " is " + age.withNanos(0)
                    + " old when decided at " + now + "; the maximum request age is " + maxAge);
        }
        // A record written long after its request was created is a replay or a redelivery: never decided as new.
        if (createdAt != null && Duration.between(createdAt, writtenAt).compareTo(maxAge) > 0) {
            return new Verdict(Effect.DENY, Verdict.MAX_AGE, "request created at " + createdAt + " was written at " + writtenAt
                    + ", " + Duration.between(createdAt, writtenAt).withNanos(0) + " later; the maximum request age is " + maxAge);
        }
        return null;
    }

    /**
     * A decision that refuses the request before any policy sees it (the verdict names why), for
     * requests that must not be evaluated at all, such as one whose correlation id is taken.
     *
     * @param traceparent the decision's: the span that decided (else the request's)
     */
    public Outcome refuse(DispatchRequested request, PolicySet policies, Instant now, Verdict verdict, String traceparent) {
        return new Outcome(decision(request, policies, now, verdict, traceparent), verdict);
    }

    private GovernanceDecision decision(DispatchRequested request, PolicySet policies, Instant now, Verdict verdict,
                                        String traceparent) {
        Envelope in = request.getEnvelope();
        // A request without a correlation id still gets a decision keyed by one (its event id, else the decision's).
        Envelope envelope = Envelopes.nextHop(in, UUID.randomUUID().toString(), PRODUCER, now, traceparent);
        return GovernanceDecision.newBuilder()
                .setEnvelope(envelope)
                .setRequestEventId(Objects.requireNonNullElse(in.getEventId(), ""))
                .setEffect(verdict.effect())
                .setPolicySetId(policies.id())
                .setPolicyVersion(policies.version())
                .setPolicyHash(policies.contentHash())
                .setRuleId(verdict.ruleId())
                .setReason(verdict.reason())
                .setSource(Objects.requireNonNullElse(request.getSource(), ""))
                .setTarget(Objects.requireNonNullElse(request.getTarget(), ""))
                .setIntent(Objects.requireNonNullElse(request.getIntent(), ""))
                .setSubject(Objects.requireNonNullElse(request.getSubject(), ""))
                .setProvenance(Objects.requireNonNullElse(request.getProvenance(), ""))
                .setClaims(sortedJson(request.getClaims()))
                .build();
    }

    /** A decision with the verdict it was made from. */
    public record Outcome(GovernanceDecision decision, Verdict verdict) {
        /** Whether the request passed validation and its age check (and so reached the policy, and counts in state). */
        public boolean validated() {
            return !Verdict.VALIDATION.equals(verdict.ruleId()) && !Verdict.MAX_AGE.equals(verdict.ruleId())
                    && !Verdict.CORRELATION_ID_TAKEN.equals(verdict.ruleId());
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

    /**
     * Claims, or a request's attributes, as a JSON object with sorted keys, so equal maps are equal bytes
     * in the ledger; {@code {}} for none.
     */
    static String sortedJson(java.util.Map<String, String> map) {
        if (map == null || map.isEmpty()) {
            return "{}";
        }
        try {
            return JSON.writeValueAsString(new java.util.TreeMap<>(map));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot write a map of strings as JSON", e); // a map of strings always can
        }
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();
}
