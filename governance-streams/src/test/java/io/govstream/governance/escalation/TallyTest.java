package io.govstream.governance.escalation;

import static org.assertj.core.api.Assertions.assertThat;

import io.govstream.events.Effect;
import io.govstream.events.PendingEscalation;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TallyTest {
    private static final PendingEscalation TWO_DEVOPS_ONE_SECURITY = PendingEscalation.newBuilder()
            .setRequest(ByteBuffer.allocate(0)).setDecision(ByteBuffer.allocate(0))
            .setRequired(Map.of("devops", 2, "security", 1)).setDeadline(Instant.EPOCH).setApprovals(List.of()).build();

    @Test
    void givenNoVotes_whenOneDevopsApproves_thenCountedAndStillPending() {
        Tally.Outcome outcome = Tally.vote(TWO_DEVOPS_ONE_SECURITY, "alice", "bob", "devops", true, "v1");

        assertThat(outcome.counted()).isTrue();
        assertThat(outcome.effect()).isNull();
        assertThat(outcome.note()).isEqualTo("approval by bob (devops) counted; still needed: devops 1, security 1");
    }

    @Test
    void givenTwoDevopsApprovals_whenSecurityApproves_thenPermitNamingTheApprovers() {
        PendingEscalation p = Tally.vote(TWO_DEVOPS_ONE_SECURITY, "alice", "bob", "devops", true, "v1").after();
        p = Tally.vote(p, "alice", "carol", "devops", true, "v2").after();

        Tally.Outcome outcome = Tally.vote(p, "alice", "dave", "security", true, "v3");

        assertThat(outcome.effect()).isEqualTo(Effect.PERMIT);
        assertThat(outcome.note()).isEqualTo("approved by bob (devops), carol (devops), dave (security)");
    }

    @Test
    void givenARoleTheObligationDoesNotName_whenItVotes_thenIgnored() {
        Tally.Outcome outcome = Tally.vote(TWO_DEVOPS_ONE_SECURITY, "alice", "erin", "marketing", false, "v1");

        assertThat(outcome.counted()).isFalse();
        assertThat(outcome.note()).isEqualTo("ignored: role 'marketing' is not asked for: this escalation needs devops 2, security 1");
    }

    @Test
    void givenTheRequester_whenTheyDeny_thenIgnoredToo() {
        assertThat(Tally.vote(TWO_DEVOPS_ONE_SECURITY, "alice", "alice", "security", false, "v1").counted()).isFalse();
    }

    @Test
    void givenAnyCountedDenial_thenDeny() {
        Tally.Outcome outcome = Tally.vote(TWO_DEVOPS_ONE_SECURITY, "alice", "dave", "security", false, "v1");

        assertThat(outcome.effect()).isEqualTo(Effect.DENY);
        assertThat(outcome.note()).isEqualTo("denied by dave (security)");
    }
}
