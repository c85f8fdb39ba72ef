package io.govstream.orbit.deployment;

import io.govstream.orbit.Refused;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.govstream.events.Envelope;
import io.govstream.events.deployment.ApprovalGranted;
import io.govstream.events.deployment.CheckReported;
import io.govstream.events.deployment.HealthReported;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DeploymentFormTest {
    private static final Envelope ENVELOPE = Envelope.newBuilder().setEventId("e-1").setCorrelationId("e-1").setCausationId("e-1")
            .setTenant("-").setOccurredAt(Instant.parse("2026-03-03T09:00:00Z")).setProducer("orbit").build();

    @Test
    void givenAnApproval_whenParsed_thenTheRecordCarriesEveryFieldAndTheTenant() {
        DeploymentForm form = DeploymentForm.parse("checkout", """
                {"type": "ApprovalGranted", "tenant": "acme", "version": "1.4.2", "toEnvironment": "production",
                 "approver": "bob", "role": "devops"}""", ENVELOPE, "bob", Set.of("devops"));

        ApprovalGranted approval = (ApprovalGranted) form.value().getEvent();
        assertThat(approval.getService()).isEqualTo("checkout");
        assertThat(approval.getApprover()).isEqualTo("bob");
        assertThat(approval.getRole()).isEqualTo("devops");
        assertThat(approval.getComment()).isNull();
        assertThat(approval.getEnvelope().getTenant()).isEqualTo("acme");
        assertThat(approval.getEnvelope().getEventId()).isEqualTo("e-1");
    }

    @Test
    void givenNoIdentityInTheBody_whenParsed_thenTheTokenSubjectActs() {
        CheckReported check = (CheckReported) DeploymentForm.parse("checkout", """
                {"type": "CheckReported", "tenant": "acme", "version": "1.4.2", "environment": "staging", "kind": "smoke",
                 "passed": true}""", ENVELOPE, "ci-bot", Set.of("devops")).value().getEvent();

        assertThat(check.getReporter()).isEqualTo("ci-bot");
    }

    @Test
    void givenACheckAndAHealthReport_whenParsed_thenBooleansAndNumbersAreTyped() {
        CheckReported check = (CheckReported) DeploymentForm.parse("checkout", """
                {"type": "CheckReported", "tenant": "acme", "version": "1.4.2", "environment": "staging", "kind": "load",
                 "passed": true, "evidence": "https://ci/7", "reporter": "ci"}""", ENVELOPE, "ci", Set.of("devops")).value().getEvent();
        HealthReported health = (HealthReported) DeploymentForm.parse("checkout", """
                {"type": "HealthReported", "tenant": "acme", "version": "1.4.2", "environment": "production",
                 "errorRate": 0.12, "latencyP99Ms": 420, "reporter": "monitor"}""", ENVELOPE, "monitor", Set.of("devops")).value().getEvent();

        assertThat(check.getPassed()).isTrue();
        assertThat(check.getEvidence()).isEqualTo("https://ci/7");
        assertThat(health.getErrorRate()).isEqualTo(0.12);
        assertThat(health.getLatencyP99Ms()).isEqualTo(420.0);
    }

    @Test
    void givenMistakes_whenParsed_thenEachNamesItsField() {
        assertThatThrownBy(() -> DeploymentForm.parse("checkout", "{\"type\": \"Deploy\", \"tenant\": \"acme\"}", ENVELOPE, "bob", Set.of("devops")))
                .isInstanceOfSatisfying(Refused.BadRequest.class, e -> assertThat(e.field()).isEqualTo("type"))
                .hasMessageContaining("PromotionRequested");
        assertThatThrownBy(() -> DeploymentForm.parse("checkout", """
                {"type": "ApprovalGranted", "tenant": "acme", "version": "1", "toEnvironment": "production", "approver": "mallory",
                 "role": "devops"}""", ENVELOPE, "bob", Set.of("devops")))
                .isInstanceOfSatisfying(Refused.BadRequest.class, e -> assertThat(e.field()).isEqualTo("approver"))
                .hasMessageContaining("comes from the bearer token ('bob')");
        assertThatThrownBy(() -> DeploymentForm.parse("checkout", """
                {"type": "ApprovalGranted", "tenant": "acme", "version": "1", "toEnvironment": "production", "role": "security"}""",
                ENVELOPE, "bob", Set.of("devops")))
                .isInstanceOfSatisfying(Refused.BadRequest.class, e -> assertThat(e.field()).isEqualTo("role"));
        assertThatThrownBy(() -> DeploymentForm.parse("checkout", """
                {"type": "CheckReported", "tenant": "acme", "version": "1", "environment": "dev", "kind": "smoke",
                 "passed": "yes", "reporter": "bob"}""", ENVELOPE, "bob", Set.of("devops")))
                .hasMessage("passed must be true or false");
        assertThatThrownBy(() -> DeploymentForm.parse("checkout", """
                {"type": "RollbackRequested", "tenant": "acme", "environment": "production", "requester": "bob", "reason": "r",
                 "colour": "blue"}""", ENVELOPE, "bob", Set.of("devops")))
                .hasMessage("unknown field 'colour' for RollbackRequested");
        assertThatThrownBy(() -> DeploymentForm.parse("checkout", """
                {"type": "RollbackRequested", "tenant": "acme", "service": "billing", "environment": "production",
                 "requester": "bob", "reason": "r"}""", ENVELOPE, "bob", Set.of("devops")))
                .hasMessageContaining("differs from the path");
    }
}
