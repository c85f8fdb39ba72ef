package io.govstream.axon.work;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.govstream.events.DispatchCommand;
import io.govstream.events.Envelope;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ReasonIntentTest {

    @Test
    void givenACommandSentEarlier_whenHandled_thenTheHeartbeatReportsWorkerAndTiming() throws Exception {
        Instant requested = Instant.now().minusMillis(250).truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        DispatchCommand command = DispatchCommand.newBuilder()
                .setEnvelope(Envelope.newBuilder().setEventId("e").setCorrelationId("c").setCausationId("d")
                        .setTenant("acme").setOccurredAt(requested).setProducer("governance-streams").build())
                .setCommandId("cmd-1").setDecisionEventId("d").setTarget("axon").setIntent("reason")
                .setSubject("alice").setPayload("{}").build();

        JsonNode out = new ObjectMapper().readTree(new ReasonIntent(new AxonSettings("axon-test", "axon", "axon", null, null)).handle(command));

        assertThat(out.path("heartbeat").asText()).isEqualTo("ok");
        assertThat(out.path("worker").asText()).isEqualTo("axon-test");
        assertThat(out.path("requestToWorkerMs").asLong()).isGreaterThanOrEqualTo(250);
        assertThat(Instant.parse(out.path("requestedAt").asText())).isEqualTo(requested);
        assertThat(out.path("workMicros").asLong()).isGreaterThanOrEqualTo(0);
    }
}
