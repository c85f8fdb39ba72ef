package io.govstream.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class MatchIndexTest {
    private static final List<SortedSet<String>> FIELD_VALUES = Arrays.asList(null, set(), set("a"), set("b"), set("a", "b", "c"));
    private static final List<String> INPUT_VALUES = Arrays.asList(null, "a", "b", "c", "d", "A");

    @Test
    void givenEveryShapeOfMatchField_whenIndexed_thenItAcceptsExactlyWhatTheRuleMatchAccepts() {
        int checked = 0;
        for (SortedSet<String> values : FIELD_VALUES) {
            for (int field = 0; field < 6; field++) {
                RuleMatch match = matchWith(field, values);
                MatchIndex index = new MatchIndex(match);
                for (String value : INPUT_VALUES) {
                    PolicyInput input = inputWith(field, value);
                    assertThat(index.matches(input)).as("field %d = %s, input %s", field, values, value)
                            .isEqualTo(ruleMatches(match, input));
                    checked++;
                }
            }
        }
        assertThat(checked).isEqualTo(FIELD_VALUES.size() * 6 * INPUT_VALUES.size());
    }

    @Test
    void givenARuleForOneSourceAndTwoIntents_whenIndexed_thenOnlyThoseRequestsMatch() {
        MatchIndex index = new MatchIndex(new RuleMatch(set("orbit"), null, set("reason", "heartbeat"), null, null, null));

        assertThat(index.matches(new PolicyInput("orbit", "axon", "heartbeat", "u", "acme"))).isTrue();
        assertThat(index.matches(new PolicyInput("orbit", "axon", "shutdown", "u", "acme"))).isFalse();
        assertThat(index.matches(new PolicyInput("Orbit", "axon", "reason", "u", "acme"))).isFalse();
    }

    /** What a RuleMatch accepts, as its documentation says: each named field holds the request's value, case included. */
    private static boolean ruleMatches(RuleMatch match, PolicyInput input) {
        return accepts(match.sources(), input.source()) && accepts(match.targets(), input.target())
                && accepts(match.intents(), input.intent()) && accepts(match.tenants(), input.tenant())
                && accepts(match.dataClasses(), input.dataClass()) && accepts(match.environments(), input.environment());
    }

    private static boolean accepts(java.util.Set<String> values, String value) {
        return values == null || (value != null && values.contains(value));
    }

    private static RuleMatch matchWith(int field, SortedSet<String> values) {
        List<SortedSet<String>> fields = new ArrayList<>(Arrays.asList(null, null, null, null, null, null));
        fields.set(field, values);
        return new RuleMatch(fields.get(0), fields.get(1), fields.get(2), fields.get(3), fields.get(4), fields.get(5));
    }

    private static PolicyInput inputWith(int field, String value) {
        String[] core = {"s", "t", "i", "x"};
        Map<String, String> attributes = new HashMap<>();
        if (field < 4) {
            core[field] = value;
        } else if (value != null) {
            attributes.put(field == 4 ? PolicyInput.DATA_CLASS : PolicyInput.ENVIRONMENT, value);
        }
        return new PolicyInput(core[0], core[1], core[2], "subject", core[3], "{}", attributes);
    }

    private static SortedSet<String> set(String... values) {
        return new TreeSet<>(Arrays.asList(values));
    }
}
