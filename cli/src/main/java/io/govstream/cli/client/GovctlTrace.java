package io.govstream.cli.client;

import io.govstream.schemas.EventHeaders;

/**
 * The W3C traceparent govctl sends with what it publishes, as a Kafka header and in the envelope
 * (records) or as the {@code traceparent} HTTP header (calls to Orbit): every record carries one
 * (invariant 5). govctl records no spans of its own; its traceparent names the command's span so
 * what the platform does for it joins one trace.
 */
public final class GovctlTrace {
    /** OpenTelemetry's environment carrier of a caller's trace context, e.g. a CI job's span. */
    public static final String ENV = "TRACEPARENT";

    private GovctlTrace() {
    }

    /** A new span of the caller's trace when {@value #ENV} holds a valid traceparent, else the root of a new trace. */
    public static String traceparent() {
        return EventHeaders.childOf(System.getenv(ENV));
    }
}
