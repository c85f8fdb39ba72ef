package io.govstream.governance;

import io.govstream.events.DispatchRequested;
import io.govstream.events.Envelope;
import java.time.Instant;
import java.util.Map;

/** Test requests: valid unless a test changes them. */
public final class Requests {
    public static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

    private Requests() {
    }

    public static DispatchRequested request(String correlationId, String source, String target, String intent) {
        return DispatchRequested.newBuilder()
                .setEnvelope(Envelope.newBuilder()
                        .setEventId("req-" + correlationId)
                        .setCorrelationId(correlationId)
                        .setCausationId("req-" + correlationId)
                        .setTenant("acme")
                        .setOccurredAt(NOW)
                        .setProducer("orbit")
                        .setTraceparent("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")
                        .build())
                .setSource(source)
                .setTarget(target)
                .setIntent(intent)
                .setSubject("alice")
                .setPayload("{\"question\":\"why\"}")
                .setAttributes(Map.of())
                .build();
    }

    public static DispatchRequested reason(String correlationId) {
        return request(correlationId, "orbit", "axon", "reason");
    }
}
