package io.govstream.bench.jmh;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The policy benchmark is fair only if both engines make the same decisions on its inputs: for
 * every benchmark request, govstream's 100-rule set and the SAPL translation must agree on the
 * effect and on the rule that decided. Runs in {@code mvn verify}, so a broken translation fails the build.
 */
class PolicyEquivalenceTest {
    private static final List<HundredRules.Request> REQUESTS = HundredRules.requests(PolicyBenchmark.REQUESTS);

    @Test
    void givenTheBenchmarkRequests_whenBothEnginesDecide_thenEffectsAndDecidingRulesAgree() {
        PolicyEngines.Govstream govstream = new PolicyEngines.Govstream(REQUESTS);
        List<PolicyEngines.Outcome> ours = IntStream.range(0, REQUESTS.size()).mapToObj(govstream::outcome).toList();
        List<PolicyEngines.Outcome> theirs;
        try (PolicyEngines.Sapl sapl = new PolicyEngines.Sapl(REQUESTS)) {
            theirs = IntStream.range(0, REQUESTS.size()).mapToObj(sapl::outcome).toList();
        }

        for (int i = 0; i < REQUESTS.size(); i++) {
            assertThat(theirs.get(i)).as("request %d: %s", i, REQUESTS.get(i)).isEqualTo(ours.get(i));
        }
    }

    @Test
    void givenTheBenchmarkRequests_whenGovstreamDecides_thenRulesAllAlongTheListDecide_andBothEffectsOccur() {
        PolicyEngines.Govstream govstream = new PolicyEngines.Govstream(REQUESTS);
        List<PolicyEngines.Outcome> outcomes = IntStream.range(0, REQUESTS.size()).mapToObj(govstream::outcome).toList();
        Map<String, Long> byEffect = outcomes.stream().collect(Collectors.groupingBy(PolicyEngines.Outcome::effect, Collectors.counting()));
        List<String> rules = outcomes.stream().map(PolicyEngines.Outcome::rule).distinct().sorted().toList();

        // A benchmark where every request hit rule 1, or all were denied by default, would time nothing realistic.
        assertThat(byEffect.get("PERMIT")).isGreaterThan(REQUESTS.size() / 10L);
        assertThat(byEffect.get("DENY")).isGreaterThan(REQUESTS.size() / 10L);
        assertThat(outcomes.stream().map(PolicyEngines.Outcome::rule).filter("default-deny"::equals).count())
                .isGreaterThan(REQUESTS.size() / 10L);
        assertThat(rules).hasSizeGreaterThan(40).anyMatch(r -> r.compareTo("r-080") > 0).anyMatch(r -> r.compareTo("r-020") < 0);
        assertThat(outcomes.stream().filter(o -> o.effect().equals("DENY") && !o.rule().equals("default-deny"))
                .map(PolicyEngines.Outcome::rule).collect(Collectors.toSet())).as("rules that denied").isNotEmpty();
        assertThat(byEffect.keySet()).as("no ESCALATE rule in the set, so no other effect").containsOnly("PERMIT", "DENY");
    }
}
