package io.govstream.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class RuleMatchTest {
    private static final PolicyInput ORBIT_AXON_REASON = new PolicyInput("orbit", "axon", "reason", "alice", "acme");

    @Test
    void givenNoConstraints_whenMatched_thenAnyRequestMatches() {
        assertThat(new MatchIndex(RuleMatch.ANY).matches(ORBIT_AXON_REASON)).isTrue();
    }

    @Test
    void givenAListOfIntents_whenTheIntentIsInIt_thenMatches() {
        MatchIndex match = new MatchIndex(new RuleMatch(set("orbit"), set("axon"), set("reason", "heartbeat"), null, null, null));

        assertThat(match.matches(ORBIT_AXON_REASON)).isTrue();
        assertThat(match.matches(new PolicyInput("orbit", "axon", "heartbeat", "bob", "other"))).isTrue();
    }

    @Test
    void givenOneFieldThatDiffers_whenMatched_thenNoMatch() {
        assertThat(new MatchIndex(new RuleMatch(set("orbit"), set("axon"), null, set("acme"), null, null)).matches(
                new PolicyInput("orbit", "axon", "reason", "alice", "globex"))).isFalse();
        assertThat(new MatchIndex(new RuleMatch(set("orbit"), set("Axon"), null, null, null, null)).matches(ORBIT_AXON_REASON))
                .as("values match exactly, case included").isFalse();
    }

    private static TreeSet<String> set(String... values) {
        return new TreeSet<>(java.util.List.of(values));
    }
}
