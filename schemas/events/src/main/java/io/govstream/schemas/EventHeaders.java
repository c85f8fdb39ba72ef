package io.govstream.schemas;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * The Kafka headers every govstream record carries besides its envelope (invariant 5): the one
 * vocabulary of header names every producer, processor and reader uses, and W3C trace context.
 */
public final class EventHeaders {
    public static final String CORRELATION_ID = "correlation-id";
    public static final String TRACEPARENT = "traceparent";
    private static final SecureRandom RANDOM = new SecureRandom();

    private EventHeaders() {
    }

    /** Sets {@code correlation-id}, and {@code traceparent} unless it is null, replacing any earlier value. */
    public static void put(Headers headers, String correlationId, String traceparent) {
        headers.remove(CORRELATION_ID).add(CORRELATION_ID, correlationId.getBytes(StandardCharsets.UTF_8));
        if (traceparent != null) {
            headers.remove(TRACEPARENT).add(TRACEPARENT, traceparent.getBytes(StandardCharsets.UTF_8));
        }
    }

    /**
     * Sets {@code correlation-id} on a record derived from another: keeps an incoming {@code traceparent}
     * header, else takes the envelope's, if any.
     */
    public static void carry(Headers headers, String correlationId, String envelopeTraceparent) {
        headers.remove(CORRELATION_ID).add(CORRELATION_ID, correlationId.getBytes(StandardCharsets.UTF_8));
        if (headers.lastHeader(TRACEPARENT) == null && envelopeTraceparent != null && !envelopeTraceparent.isBlank()) {
            headers.add(TRACEPARENT, envelopeTraceparent.getBytes(StandardCharsets.UTF_8));
        }
    }

    /** The last value of header {@code name} as UTF-8; null if absent or null. */
    public static String get(Headers headers, String name) {
        Header header = headers.lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /** A new W3C traceparent (version 00, sampled) for a request that arrived without one. */
    public static String newTraceparent() {
        byte[] trace = new byte[16];
        byte[] span = new byte[8];
        RANDOM.nextBytes(trace);
        RANDOM.nextBytes(span);
        return "00-" + HexFormat.of().formatHex(trace) + "-" + HexFormat.of().formatHex(span) + "-01";
    }

    /**
     * A traceparent for the work this process does on behalf of {@code parent}: the same trace id
     * and flags, a new span (parent) id, so each hop shows as its own span of one trace. A
     * missing or malformed parent starts a new trace.
     */
    public static String childOf(String parent) {
        if (!isTraceparent(parent)) {
            return newTraceparent();
        }
        byte[] span = new byte[8];
        RANDOM.nextBytes(span);
        return parent.substring(0, 36) + HexFormat.of().formatHex(span) + parent.substring(52);
    }

    /** The 32-hex-digit trace id of a well-formed traceparent. */
    public static String traceId(String traceparent) {
        return traceparent.substring(3, 35);
    }

    /** The 16-hex-digit span (parent) id of a well-formed traceparent. */
    public static String spanId(String traceparent) {
        return traceparent.substring(36, 52);
    }

    /** Whether {@code value} is a well-formed W3C traceparent. */
    public static boolean isTraceparent(String value) {
        return value != null && value.matches("00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}")
                && !traceId(value).equals("0".repeat(32)) && !spanId(value).equals("0".repeat(16));
    }
}
