package io.govstream.governance.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.govstream.events.DispatchCommand;
import io.govstream.events.Effect;
import io.govstream.events.GovernanceDecision;
import io.govstream.governance.Requests;
import io.govstream.policy.PolicyLoader;
import org.junit.jupiter.api.Test;

class DispatchCommandsTest {
    private final DispatchDecider decider = new DispatchDecider(DispatchDecider.DEFAULT_MAX_AGE);

    @Test
    void givenAPermitDecision_whenTheCommandIsDerivedTwice_thenTheCommandIdIsTheSame() {
        Decided decided = decided("c-1", "reason");

        DispatchCommand first = DispatchCommands.of(decided);
        DispatchCommand again = DispatchCommands.of(decided);

        assertThat(again.getCommandId()).isEqualTo(first.getCommandId());
        assertThat(first.getEnvelope().getCausationId()).isEqualTo(decided.decision().getEnvelope().getEventId());
        assertThat(first.getEnvelope().getCorrelationId()).isEqualTo("c-1");
        assertThat(first.getEnvelope().getTraceparent()).isEqualTo(decided.request().getEnvelope().getTraceparent());
    }

    @Test
    void givenADenyDecision_whenACommandIsAsked_thenRefused() {
        Decided denied = decided("c-2", "shutdown");

        assertThat(denied.decision().getEffect()).isEqualTo(Effect.DENY);
        assertThatThrownBy(() -> DispatchCommands.of(denied)).isInstanceOf(IllegalArgumentException.class);
    }

    private Decided decided(String correlationId, String intent) {
        var request = Requests.request(correlationId, "orbit", "axon", intent);
        GovernanceDecision decision = decider.outcome(request, PolicyLoader.loadDefault(), Requests.NOW, null).decision();
        return new Decided(request, decision);
    }
}
