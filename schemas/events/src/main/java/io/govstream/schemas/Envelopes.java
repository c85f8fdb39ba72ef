package io.govstream.schemas;

import io.govstream.events.Envelope;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

/**
 * The one place envelopes are made (invariant 5: every event says which request it belongs to, what
 * caused it and which trace it is part of). Two kinds of event:
 *
 * <ul>
 *   <li>an <b>origin</b> starts a chain: it is its own cause ({@code causationId = eventId}), e.g. a
 *       dispatch request, a vote, a policy publication, a dead letter;</li>
 *   <li>an event <b>caused by</b> another keeps the cause's correlation id and tenant, names the cause's
 *       event id as its causation id, and carries its trace on: the cause's traceparent when it is
 *       written by the same piece of work (a ledger fact, a policy change, a data key), or the
 *       traceparent of a new span when a new hop does the work ({@link #nextHop}).</li>
 * </ul>
 *
 * Event ids of events a replay must re-derive identically (ledger entries, facts per partition) are
 * derived by the caller and passed in; {@link #newEventId()} is for the others.
 */
public final class Envelopes {
    /** What stands in every id of a draft envelope, which someone else replaces with the real one. */
    public static final String PLACEHOLDER = "-";

    private Envelopes() {
    }

    /** A fresh random event id. */
    public static String newEventId() {
        return UUID.randomUUID().toString();
    }

    /**
     * An event id derived from {@code name} (a name-based UUID): the same input, reprocessed or replayed, yields the
     * same id. The name starts with a prefix of its own per kind of event, e.g. {@code govstream-dead-letter:}.
     */
    public static String derivedId(String name) {
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
    }

    /**
     * A new event of an existing correlation, written by whoever asks for something: a dispatch
     * request under the correlation id Orbit gave it, a vote on an escalated request.
     *
     * @param traceparent the W3C traceparent of the span that writes it, or null for none
     */
    public static Envelope newRequest(String correlationId, String tenant, String producer, Instant at, String traceparent) {
        return origin(newEventId(), correlationId, tenant, producer, at, traceparent);
    }

    /**
     * A new event that starts its own correlation (a policy publication, a flag change, an erasure
     * request, a reported deployment event): event id = correlation id = causation id.
     */
    public static Envelope newCorrelation(String tenant, String producer, Instant at, String traceparent) {
        String eventId = newEventId();
        return origin(eventId, eventId, tenant, producer, at, traceparent);
    }

    /**
     * An event that is its own cause, with an event id the caller chose (derived, so reprocessing the
     * same input yields the same event: dead letters, checkpoints, tombstones, benchmark requests).
     */
    public static Envelope origin(String eventId, String correlationId, String tenant, String producer, Instant at,
                                  String traceparent) {
        return of(eventId, correlationId, eventId, tenant, at, producer, traceparent);
    }

    /**
     * An event written by the same piece of work as its cause: same correlation id, tenant and
     * traceparent; causation id = the cause's event id.
     *
     * <p>A cause read with fields missing (an invalid request) still yields a writable envelope: empty
     * causation id and tenant, and a cause without a correlation id gets its own event id as one (or,
     * without that either, this event's), so what is derived from it can still be keyed.
     */
    public static Envelope causedBy(Envelope cause, String eventId, String producer, Instant at) {
        return nextHop(cause, eventId, producer, at, cause.getTraceparent());
    }

    /**
     * As {@link #causedBy(Envelope, String, String, Instant)}, under a tenant the caller knows better
     * than the cause does (an escalation's tenant for a vote, the scope a policy set applies to).
     */
    public static Envelope causedBy(Envelope cause, String eventId, String tenant, String producer, Instant at) {
        return derived(cause, eventId, tenant, producer, at, cause.getTraceparent());
    }

    /**
     * An event written by a new hop of the trace (the span that did the work for {@code cause}, e.g.
     * Axon's result of a command): as {@link #causedBy(Envelope, String, String, Instant)}, with that
     * span's traceparent.
     */
    public static Envelope nextHop(Envelope cause, String eventId, String producer, Instant at, String traceparent) {
        return derived(cause, eventId, orEmpty(cause.getTenant()), producer, at, traceparent);
    }

    private static Envelope derived(Envelope cause, String eventId, String tenant, String producer, Instant at, String traceparent) {
        String causeId = orEmpty(cause.getEventId());
        String correlationId = !isBlank(cause.getCorrelationId()) ? cause.getCorrelationId() : !causeId.isBlank() ? causeId : eventId;
        return of(eventId, correlationId, causeId, tenant, at, producer, traceparent);
    }

    /**
     * The command a PERMIT decision lets through: the decision's envelope (correlation, tenant, time,
     * producer, trace), with the command id as event id and the decision as its cause.
     */
    public static Envelope commandOf(Envelope decision, String commandId) {
        return of(commandId, decision.getCorrelationId(), decision.getEventId(), decision.getTenant(), decision.getOccurredAt(),
                decision.getProducer(), decision.getTraceparent());
    }

    /**
     * The id of the command a PERMIT decision yields, derived from the decision's event id: the same decision (a replay)
     * yields the same idempotency key, and whoever reads a result can tell which decision's command it is the result of.
     */
    public static String commandId(String decisionEventId) {
        return derivedId("govstream-command:" + decisionEventId);
    }

    /**
     * A placeholder for a record whose real envelope someone else writes (Orbit writes the envelope of
     * a reported deployment event) or that travels without one (a checkpoint's offline form).
     */
    public static Envelope draft(String tenant, String producer, Instant at) {
        return of(PLACEHOLDER, PLACEHOLDER, PLACEHOLDER, tenant, at, producer, null);
    }

    /**
     * Every field given: for an envelope read back from its encoding, and for the events whose
     * correlation and cause are not one envelope's (a vote's step, keyed by the vote's correlation id;
     * a deployment gate's decision on a timer or a watch).
     */
    public static Envelope of(String eventId, String correlationId, String causationId, String tenant, Instant occurredAt,
                              String producer, String traceparent) {
        return Envelope.newBuilder()
                .setEventId(eventId)
                .setCorrelationId(correlationId)
                .setCausationId(causationId)
                .setTenant(tenant)
                .setOccurredAt(occurredAt)
                .setProducer(producer)
                .setTraceparent(traceparent)
                .build();
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }
}
