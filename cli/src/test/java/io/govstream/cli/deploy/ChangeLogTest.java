package io.govstream.cli.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.govstream.events.Envelope;
import io.govstream.events.deployment.ApprovalGranted;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** One row of {@code govctl deploy history} per deployment ledger entry. */
class ChangeLogTest {
    private static final Instant AT = Instant.parse("2026-03-09T06:00:00Z");

    @Test
    void givenAnApprovalNamingADigest_whenListed_thenTheRowSaysWhichBuildWasApproved() {
        ApprovalGranted approval = ApprovalGranted.newBuilder().setEnvelope(Envelope.newBuilder().setEventId("e").setCorrelationId("c")
                        .setCausationId("e").setTenant("acme").setOccurredAt(AT).setProducer("orbit").build())
                .setService("checkout").setVersion("1.4.2").setToEnvironment("production").setApprover("bob").setRole("devops")
                .setComment("looks good").setDigest("sha256:feed").build();

        ChangeLog row = ChangeLog.of(new DeploymentLedger.Entry(AT, 0, 7, "c", approval));

        assertThat(row.values()).containsExactly(AT.toString(), "0:7", "checkout", "1.4.2", "ApprovalGranted", "→ production", "bob",
                "devops", "", "looks good; sha256:feed", "c");
    }

    @Test
    void givenAnEntryOfATypeThisGovctlDoesNotKnow_whenListed_thenItsRowNamesTheType_andTheHistoryGoesOn() {
        ChangeLog row = ChangeLog.of(new DeploymentLedger.Entry(AT, 1, 3, "c-9", Envelope.newBuilder().setEventId("e")
                .setCorrelationId("c-9").setCausationId("e").setTenant("acme").setOccurredAt(AT).setProducer("orbit").build()));

        assertThat(row.values()).containsExactly(AT.toString(), "1:3", "", "", "Envelope", "", "", "", "", "not known to this govctl", "c-9");
    }
}
