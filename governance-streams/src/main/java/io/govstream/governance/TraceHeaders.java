package io.govstream.governance;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/** The correlation and W3C trace headers every governance record carries (invariant 5). */
public final class TraceHeaders {
    public static final String CORRELATION_ID = "correlation-id";
    public static final String TRACEPARENT = "traceparent";

    private TraceHeaders() {
    }

    /**
     * Sets {@code correlation-id}; keeps an incoming {@code traceparent} header, else takes the
     * envelope's, if any.
     */
    public static void set(Headers headers, String correlationId, String envelopeTraceparent) {
        headers.remove(CORRELATION_ID);
        headers.add(CORRELATION_ID, correlationId.getBytes(StandardCharsets.UTF_8));
        if (headers.lastHeader(TRACEPARENT) == null && envelopeTraceparent != null && !envelopeTraceparent.isBlank()) {
            headers.add(TRACEPARENT, envelopeTraceparent.getBytes(StandardCharsets.UTF_8));
        }
    }

    public static String get(Headers headers, String name) {
        Header header = headers.lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
