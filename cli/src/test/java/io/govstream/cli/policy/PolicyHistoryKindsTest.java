package io.govstream.cli.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.govstream.events.PolicyMode;
import io.govstream.events.PolicySetPublished;
import io.govstream.policy.PolicyEnvironment;
import io.govstream.policy.PolicyLoader;
import io.govstream.policy.PolicyPublication;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A promotion set is in force beside the dispatch set of its scope, not instead of it. */
class PolicyHistoryKindsTest {
    private static final Instant NOW = Instant.parse("2026-03-03T09:00:00Z");

    @Test
    void givenADispatchSetThenAPromotionSet_whenAskedWhatIsInForce_thenEachKindHasItsOwn() {
        PolicySetPublished dispatch = publish(PolicyLoader.readResource(PolicyLoader.DEFAULT_RESOURCE), 1);
        PolicySetPublished promotion = publish(PolicyLoader.readResource(PolicyLoader.DEFAULT_PROMOTION_RESOURCE), 1);
        PolicyHistory history = new PolicyHistory(List.of(dispatch, promotion));

        assertThat(PolicyHistory.isPromotion(promotion)).isTrue();
        assertThat(PolicyHistory.isPromotion(dispatch)).isFalse();
        assertThat(history.inForce("*", false)).map(PolicySetPublished::getPolicySetId).contains("default-dispatch");
        assertThat(history.inForce("*", true)).map(PolicySetPublished::getPolicySetId).contains("default-promotion");
    }

    private static PolicySetPublished publish(String yaml, int version) {
        return PolicyPublication.of(PolicyEnvironment.standard(), yaml, "p.yaml", version, "alice", PolicyMode.ACTIVE, null, null, NOW);
    }
}
