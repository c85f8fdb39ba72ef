package io.govstream.bench;

import io.govstream.events.DispatchRequested;
import io.govstream.events.Envelope;
import io.govstream.schemas.Envelopes;
import io.govstream.schemas.serde.AvroSerde;
import java.time.Instant;
import java.util.UUID;

/**
 * The benchmark's requests: half permitted by the shipped policy (orbit → axon reason), half
 * denied by default, so both the command path and the deny path carry load.
 */
record Requests(AvroSerde<DispatchRequested> serde, String topic) {

    byte[] encode(String correlationId, long n, Instant at) {
        Envelope envelope = Envelopes.origin(correlationId, correlationId, "tenant-" + (n % 8), "bench", at, null);
        boolean permitted = n % 2 == 0;
        return serde.encode(topic, DispatchRequested.newBuilder().setEnvelope(envelope).setSource("orbit")
                .setTarget(permitted ? "axon" : "billing").setIntent(permitted ? "reason" : "refund")
                .setSubject("user-" + (n % 1000)).setPayload("{\"n\":" + n + "}").build());
    }

    static String id() {
        return UUID.randomUUID().toString();
    }
}
