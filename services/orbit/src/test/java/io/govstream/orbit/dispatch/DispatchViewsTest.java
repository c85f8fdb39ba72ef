package io.govstream.orbit.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.govstream.events.DispatchResult;
import io.govstream.events.Effect;
import io.govstream.events.Envelope;
import io.govstream.events.GovernanceDecision;
import io.govstream.schemas.Envelopes;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class DispatchViewsTest {
    private static final String ID = "c-1";

    @Test
    void givenAPermit_whenApplied_thenPermittedWithTheDecidingPolicy() {
        DispatchView view = DispatchViews.withDecision(decision(Effect.PERMIT)).apply(DispatchView.pending(ID, null));
        assertThat(view.status()).isEqualTo(DispatchStatus.PERMITTED);
        assertThat(view.decision().ruleId()).isEqualTo("rule-1");
        assertThat(view.decision().policyHash()).isEqualTo("sha256:abc");
        assertThat(view.status().isFinal()).isFalse();
    }

    @Test
    void givenADeny_whenApplied_thenDeniedAndFinal() {
        DispatchView view = DispatchViews.withDecision(decision(Effect.DENY)).apply(DispatchView.pending(ID, null));
        assertThat(view.status()).isEqualTo(DispatchStatus.DENIED);
        assertThat(view.reason()).isEqualTo("because");
        assertThat(view.status().isFinal()).isTrue();
    }

    @Test
    void givenAResultBeforeItsDecision_whenTheDecisionArrives_thenTheResultStands() {
        DispatchView completed = DispatchViews.withResult(result(io.govstream.events.DispatchStatus.SUCCEEDED))
                .apply(DispatchView.pending(ID, null));
        DispatchView both = DispatchViews.withDecision(decision(Effect.PERMIT)).apply(completed);
        assertThat(both.status()).isEqualTo(DispatchStatus.COMPLETED);
        assertThat(both.decision().effect()).isEqualTo("PERMIT");
        assertThat(both.result().output()).isEqualTo("{\"ok\":true}");
    }

    @Test
    void givenAFailedResult_whenApplied_thenFailed() {
        DispatchView view = DispatchViews.withResult(result(io.govstream.events.DispatchStatus.FAILED)).apply(DispatchView.pending(ID, null));
        assertThat(view.status()).isEqualTo(DispatchStatus.FAILED);
        assertThat(view.result().error()).isEqualTo("boom");
    }

    @Test
    void givenDecisionsUnderOrbitsId_whenNotOnOrbitsRequest_thenTheyDoNotDecideOrbitsDispatch() {
        GovernanceDecision orbit = decision(Effect.PERMIT);
        orbit.setProvenance("orbit");
        GovernanceDecision external = decision(Effect.DENY);
        external.setProvenance("external:producer");
        GovernanceDecision reuse = decision(Effect.DENY);
        reuse.setProvenance("orbit");
        reuse.setRuleId("correlation-id-taken");

        assertThat(DispatchViews.decidesOrbitsRequest(orbit)).isTrue();
        assertThat(DispatchViews.decidesOrbitsRequest(decision(Effect.PERMIT))).as("decided before provenance was recorded").isTrue();
        assertThat(DispatchViews.decidesOrbitsRequest(external)).isFalse();
        assertThat(DispatchViews.decidesOrbitsRequest(reuse)).isFalse();
    }

    @Test
    void givenAPermit_whenAResultOfAnotherCommandArrives_thenItIsNotTheDispatchsResult() {
        DispatchView permitted = DispatchViews.withDecision(decision(Effect.PERMIT)).apply(DispatchView.pending(ID, null));

        // e.g. Axon's REFUSED result for a forged command under the same correlation id
        DispatchView after = DispatchViews.withResult(result(io.govstream.events.DispatchStatus.FAILED, "cmd-forged")).apply(permitted);

        assertThat(after.status()).isEqualTo(DispatchStatus.PERMITTED);
        assertThat(after.result()).isNull();
    }

    @Test
    void givenADeny_whenAResultUnderItsIdArrives_thenTheDispatchStaysDenied() {
        DispatchView denied = DispatchViews.withDecision(decision(Effect.DENY)).apply(DispatchView.pending(ID, null));

        // a command of some other request under the id (another tenant's, decided elsewhere) succeeded
        DispatchView after = DispatchViews.withResult(result(io.govstream.events.DispatchStatus.SUCCEEDED, "cmd-other")).apply(denied);

        assertThat(after.status()).isEqualTo(DispatchStatus.DENIED);
        assertThat(after.result()).isNull();
    }

    @Test
    void givenAResultOfAnotherCommandBeforeThePermit_whenThePermitArrives_thenTheResultIsDropped() {
        DispatchView early = DispatchViews.withResult(result(io.govstream.events.DispatchStatus.SUCCEEDED, "cmd-other"))
                .apply(DispatchView.pending(ID, null));

        DispatchView after = DispatchViews.withDecision(decision(Effect.PERMIT)).apply(early);

        assertThat(after.status()).isEqualTo(DispatchStatus.PERMITTED);
        assertThat(after.result()).isNull();
    }

    @Test
    void givenAnEscalation_whenTheResultOfTheLaterPermitArrivesFirst_thenItStands() {
        DispatchView escalated = DispatchViews.withDecision(decision(Effect.ESCALATE)).apply(DispatchView.pending(ID, null));

        // the PERMIT after the approvals is another decision (its own event id): its command's result may come first
        DispatchView after = DispatchViews.withResult(result(io.govstream.events.DispatchStatus.SUCCEEDED, Envelopes.commandId("e-final")))
                .apply(escalated);
        GovernanceDecision finalPermit = decision(Effect.PERMIT);
        finalPermit.getEnvelope().setEventId("e-final");
        DispatchView completed = DispatchViews.withDecision(finalPermit).apply(after);

        assertThat(after.status()).isEqualTo(DispatchStatus.COMPLETED);
        assertThat(completed.status()).isEqualTo(DispatchStatus.COMPLETED);
        assertThat(completed.result().commandId()).isEqualTo(Envelopes.commandId("e-final"));
    }

    private static Envelope envelope() {
        return Envelope.newBuilder().setEventId("e").setCorrelationId(ID).setCausationId("e").setTenant("acme")
                .setOccurredAt(Instant.parse("2026-01-01T00:00:00Z")).setProducer("test").build();
    }

    private static GovernanceDecision decision(Effect effect) {
        return GovernanceDecision.newBuilder().setEnvelope(envelope()).setRequestEventId("r").setEffect(effect)
                .setPolicySetId("dispatch").setPolicyVersion("1").setPolicyHash("sha256:abc").setRuleId("rule-1")
                .setReason("because").setSource("orbit").setTarget("axon").setIntent("reason").setSubject("alice").build();
    }

    /** The result of the command the decisions above yield (event id "e"). */
    private static DispatchResult result(io.govstream.events.DispatchStatus status) {
        return result(status, Envelopes.commandId("e"));
    }

    private static DispatchResult result(io.govstream.events.DispatchStatus status, String commandId) {
        return DispatchResult.newBuilder().setEnvelope(envelope()).setCommandId(commandId).setWorker("axon-1").setStatus(status)
                .setOutput("{\"ok\":true}").setError(status == io.govstream.events.DispatchStatus.FAILED ? "boom" : null)
                .setStartedAt(Instant.now()).setFinishedAt(Instant.now()).build();
    }
}
