package io.govstream.runtime.logging;

import io.govstream.events.Envelope;
import io.govstream.schemas.EventHeaders;
import org.slf4j.MDC;

/**
 * Puts the identity of the event being handled into the logging MDC, so every log line written
 * while handling it carries {@code correlation_id}, {@code tenant}, {@code trace_id} and
 * {@code span_id} (JSON fields in the service log format). Never personal data: no subject.
 * Use in try-with-resources on the thread that handles the event.
 */
public final class EventMdc implements AutoCloseable {
    public static final String CORRELATION_ID = "correlation_id";
    public static final String TENANT = "tenant";
    public static final String TRACE_ID = "trace_id";
    public static final String SPAN_ID = "span_id";

    private EventMdc() {
    }

    public static EventMdc of(String correlationId, String tenant, String traceparent) {
        EventMdc scope = new EventMdc();
        put(CORRELATION_ID, correlationId);
        put(TENANT, tenant);
        if (EventHeaders.isTraceparent(traceparent)) {
            put(TRACE_ID, EventHeaders.traceId(traceparent));
            put(SPAN_ID, EventHeaders.spanId(traceparent));
        }
        return scope;
    }

    /** The identity an event's envelope carries; nothing if it has none. */
    public static EventMdc of(Envelope envelope) {
        return envelope == null ? new EventMdc() : of(envelope.getCorrelationId(), envelope.getTenant(), envelope.getTraceparent());
    }

    private static void put(String key, String value) {
        if (value != null && !value.isBlank()) {
            MDC.put(key, value);
        }
    }

    @Override
    public void close() {
        MDC.remove(CORRELATION_ID);
        MDC.remove(TENANT);
        MDC.remove(TRACE_ID);
        MDC.remove(SPAN_ID);
    }
}
