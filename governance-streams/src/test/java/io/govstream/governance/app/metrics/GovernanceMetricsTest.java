package io.govstream.governance.app.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.govstream.events.DeadLetter;
import io.govstream.events.DispatchRequested;
import io.govstream.events.Effect;
import io.govstream.events.Envelope;
import io.govstream.events.GovernanceDecision;
import io.govstream.events.deployment.DeploymentAction;
import io.govstream.events.deployment.DeploymentDecision;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class GovernanceMetricsTest {
    private static final Instant REQUESTED = Instant.parse("2026-01-01T00:00:00Z");
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final GovernanceMetrics metrics = new GovernanceMetrics(meters, 2, 100);

    @Test
    void givenADecision250msAfterItsRequest_whenObserved_thenCountedByEffectRuleAndTenant_andItsLatencyRecorded() {
        metrics.decided(request("acme"), decision("acme", Effect.PERMIT, "permit-reason", 250));

        assertThat(meters.get("governance.decisions").tags("effect", "PERMIT", "policy_set", "dispatch", "rule", "permit-reason",
                "tenant", "acme").counter().count()).isEqualTo(1);
        assertThat(meters.get("governance.decision.latency").tag("effect", "PERMIT").timer().totalTime(TimeUnit.MILLISECONDS))
                .isEqualTo(250);
        assertThat(meters.get("governance.ledger.appends").tag("kind", "decision").counter().count()).isEqualTo(1);
        assertThat(meters.get("governance.validation.errors").counter().count()).isZero();
    }

    @Test
    void givenMoreTenantsThanTheCap_whenObserved_thenTheLaterOnesAreCountedAsOther() {
        for (String tenant : new String[] {"a", "b", "c", "d"}) {
            metrics.decided(request(tenant), decision(tenant, Effect.DENY, "default-deny", 1));
        }
        assertThat(meters.find("governance.decisions").tag("tenant", "a").counter()).isNotNull();
        assertThat(meters.find("governance.decisions").tag("tenant", "c").counter()).isNull();
        assertThat(meters.get("governance.decisions").tag("tenant", BoundedLabel.OTHER).counter().count()).isEqualTo(2);
    }

    @Test
    void givenAValidationDenial_whenObserved_thenAValidationErrorIsCounted() {
        metrics.decided(request("acme"), decision("acme", Effect.DENY, "validation", 1));
        assertThat(meters.get("governance.validation.errors").counter().count()).isEqualTo(1);
    }

    @Test
    void givenADeadLetter_whenObserved_thenCountedByItsErrorType() {
        metrics.deadLettered(DeadLetter.newBuilder().setEnvelope(envelope("", REQUESTED)).setSourceTopic("t").setSourcePartition(0)
                .setSourceOffset(7).setErrorType("SerializationException").setErrorMessage("not avro").build());
        assertThat(meters.get("governance.dead.letters").tag("reason", "SerializationException").counter().count()).isEqualTo(1);
    }

    @Test
    void givenADecisionStampedBeforeItsRequest_whenObserved_thenLatencyIsZeroNotNegative() {
        metrics.decided(request("acme"), decision("acme", Effect.PERMIT, "r", -500));
        assertThat(meters.get("governance.decision.latency").tag("effect", "PERMIT").timer().totalTime(TimeUnit.MILLISECONDS)).isZero();
    }

    @Test
    void givenARefusedCompletionRollbackAndSwitch_whenObserved_thenTheAlertsCounterRisesPerRule_andAPermitLeavesItAlone() {
        for (String rule : List.of("completion-without-permit", "rollback-to-unknown-version", "switch-to-version-not-running")) {
            assertThat(meters.get("governance.deployment.reports.refused").tag("rule", rule).counter().count())
                    .as("registered at start: the alert's increase() sees the first one").isZero();
        }

        metrics.deploymentDecided(deployment("acme", Effect.PERMIT, "staging-to-production"));
        metrics.deploymentDecided(deployment("acme", Effect.DENY, "completion-without-permit"));
        metrics.deploymentDecided(deployment("acme", Effect.DENY, "rollback-to-unknown-version"));
        metrics.deploymentDecided(deployment("acme", Effect.DENY, "switch-to-version-not-running"));
        metrics.deploymentDecided(deployment("acme", Effect.DENY, "switch-to-version-not-running"));

        assertThat(meters.get("governance.deployment.reports.refused").tag("rule", "completion-without-permit").counter().count()).isEqualTo(1);
        assertThat(meters.get("governance.deployment.reports.refused").tag("rule", "rollback-to-unknown-version").counter().count()).isEqualTo(1);
        assertThat(meters.get("governance.deployment.reports.refused").tag("rule", "switch-to-version-not-running").counter().count()).isEqualTo(2);
        assertThat(meters.get("governance.deployment.decisions").tags("action", "PROMOTE", "effect", "DENY", "rule",
                "completion-without-permit", "tenant", "acme").counter().count()).isEqualTo(1);
        assertThat(meters.get("governance.ledger.appends").tag("kind", "deployment").counter().count()).isEqualTo(5);
        assertThat(meters.get("governance.ledger.appends").tag("kind", "decision").counter().count())
                .as("dispatch decisions are counted apart").isZero();
    }

    private static DeploymentDecision deployment(String tenant, Effect effect, String rule) {
        return DeploymentDecision.newBuilder().setEnvelope(envelope(tenant, REQUESTED)).setService("checkout").setVersion("1.4.2")
                .setAction(DeploymentAction.PROMOTE).setFromEnvironment("staging").setToEnvironment("production").setEffect(effect)
                .setPolicySetId("promotion").setPolicyVersion("1").setPolicyHash("sha256:x").setRuleId(rule).setReason("because")
                .build();
    }

    private static Envelope envelope(String tenant, Instant at) {
        return Envelope.newBuilder().setEventId("e").setCorrelationId("c").setCausationId("e").setTenant(tenant)
                .setOccurredAt(at).setProducer("test").setTraceparent("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01").build();
    }

    private static DispatchRequested request(String tenant) {
        return DispatchRequested.newBuilder().setEnvelope(envelope(tenant, REQUESTED)).setSource("orbit").setTarget("axon")
                .setIntent("reason").setSubject("alice").setPayload("{}").build();
    }

    private static GovernanceDecision decision(String tenant, Effect effect, String rule, long afterMillis) {
        return GovernanceDecision.newBuilder().setEnvelope(envelope(tenant, REQUESTED.plusMillis(afterMillis))).setRequestEventId("e")
                .setEffect(effect).setPolicySetId("dispatch").setPolicyVersion("1").setPolicyHash("sha256:x").setRuleId(rule)
                .setReason("because").setSource("orbit").setTarget("axon").setIntent("reason").setSubject("alice").build();
    }
}
