package io.govstream.bench.jmh;

import io.govstream.events.DispatchRequested;
import io.govstream.events.Effect;
import io.govstream.events.Envelope;
import io.govstream.events.GovernanceDecision;
import java.time.Instant;
import java.util.Map;

/** Events of realistic size for the micro-benchmarks: the fields the platform fills, UUID ids, a traceparent. */
final class BenchEvents {
    private static final String TRACEPARENT = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

    private BenchEvents() {
    }

    static Envelope envelope(String id, String causation) {
        return Envelope.newBuilder().setEventId(id).setCorrelationId(id).setCausationId(causation).setTenant("acme")
                .setOccurredAt(Instant.parse("2026-11-22T12:00:00Z")).setProducer("governance-streams").setTraceparent(TRACEPARENT)
                .build();
    }

    static DispatchRequested request(int n) {
        String id = new java.util.UUID(0x5eedL, n).toString();
        return DispatchRequested.newBuilder().setEnvelope(envelope(id, id)).setSource("orbit").setTarget("axon").setIntent("reason")
                .setSubject("user-" + n).setPayload("{\"prompt\":\"summarise ticket " + n + "\",\"maxTokens\":512}")
                .setAttributes(Map.of("dataClass", "internal", "environment", "prod")).build();
    }

    static GovernanceDecision decision(int n) {
        String id = new java.util.UUID(0xdec1L, n).toString();
        return GovernanceDecision.newBuilder().setEnvelope(envelope(id, "request-" + id)).setRequestEventId("request-" + id)
                .setEffect(Effect.PERMIT).setPolicySetId("default-dispatch").setPolicyVersion("7")
                .setPolicyHash("sha256:4b227777d4dd1fc61c6f884f48641d02b4d121d3fd328cb08b5531fcacdabf8a")
                .setRuleId("permit-orbit-axon-reason").setReason("orbit may ask axon to reason on behalf of user-" + n + " in tenant acme")
                .setSource("orbit").setTarget("axon").setIntent("reason").setSubject("user-" + n).build();
    }
}
