package io.govstream.orbit.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.govstream.events.Envelope;
import io.govstream.orbit.Refused;
import io.govstream.orbit.approval.VoteForm;
import io.govstream.orbit.deployment.DeploymentForm;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * Any body of a deployment event or a vote parses, or is refused with a message: never another exception
 * (which Orbit would answer with 500). One fuzz test for both forms, since Jazzer fuzzes one test per JVM.
 */
class OrbitFormsFuzzTest {
    private static final Envelope ENVELOPE = Envelope.newBuilder().setEventId("e-1").setCorrelationId("e-1").setCausationId("e-1")
            .setTenant("-").setOccurredAt(Instant.parse("2026-03-03T09:00:00Z")).setProducer("orbit").build();

    /**
     * @param data an even first byte: the rest is the body of {@code POST /deployments/checkout/events}; odd: of a vote on
     *             an escalated request. The seeds (OrbitFormsFuzzTestInputs) are valid bodies of every event type and a vote.
     */
    @FuzzTest(maxExecutions = 100_000)
    void anyFormBodyParsesOrIsRefusedClearly(byte[] data) {
        if (data.length == 0) {
            return;
        }
        String body = new String(data, 1, data.length - 1, StandardCharsets.UTF_8);
        try {
            if ((data[0] & 1) == 0) {
                DeploymentForm.parse("checkout", body, ENVELOPE, "bob", Set.of("devops"));
            } else {
                VoteForm.parse("c-1", body, "bob", List.of("devops", "security"));
            }
        } catch (Refused e) {
            if (e.getMessage() == null || e.getMessage().isBlank()) {
                throw new AssertionError("a refusal without a message", e);
            }
        }
    }
}
