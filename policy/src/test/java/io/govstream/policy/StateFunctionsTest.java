package io.govstream.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.govstream.events.Effect;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The state functions as CEL sees them: type-checked, over given state, bad windows failing closed. */
class StateFunctionsTest {
    private static final PolicyEnvironment ENV = PolicyEnvironment.standard();
    private static final PolicyInput REQUEST = new PolicyInput("orbit", "axon", "reason", "alice", "acme");

    @Test
    void givenAGivenRate_whenTheConditionReadsIt_thenItDecides() {
        PolicySet set = PolicyLoader.parse("""
                id: t
                rules:
                  - id: limit
                    match: {intent: reason}
                    when: state.rate("1m") < 600 && state.today() < 10 && state.recentDenials("10m") == 0
                    effect: PERMIT
                    reason: ok
                """, "t.yaml", ENV);

        assertThat(evaluate(set, Map.of("rate", Map.of("60s", 599))).effect()).isEqualTo(Effect.PERMIT);
        assertThat(evaluate(set, Map.of("rate", Map.of("1m", 600))).effect()).isEqualTo(Effect.DENY);
        assertThat(evaluate(set, Map.of("today", 10)).effect()).isEqualTo(Effect.DENY);
    }

    @Test
    void givenAWindowOverAnHour_whenEvaluated_thenTheRuleFailsClosedNamingTheWindow() {
        PolicySet set = PolicyLoader.parse("""
                id: t
                rules:
                  - id: limit
                    when: state.rate("2h") < 600
                    effect: PERMIT
                    reason: ok
                """, "t.yaml", ENV);

        Verdict verdict = evaluate(set, Map.of());
        assertThat(verdict.effect()).isEqualTo(Effect.DENY);
        assertThat(verdict.reason()).contains("window '2h' must be whole seconds from 1s to 60m", "failing closed");
    }

    @Test
    void givenAStateFunctionWithAWrongArgument_whenValidated_thenRefused() {
        assertThat(PolicyLoader.problems("""
                id: t
                rules:
                  - id: limit
                    when: state.rate(60) < 600
                    effect: PERMIT
                    reason: ok
                """, "t.yaml")).singleElement().asString().contains("t.yaml:4: rule 'limit'");
    }

    @Test
    void givenPerSubjectState_whenAConditionNarrowsToTheSubject_thenItReadsOnlyTheSubjectsCounts() {
        PolicySet set = PolicyLoader.parse("""
                id: t
                rules:
                  - id: per-subject
                    match: {intent: reason}
                    when: state.ofSubject().rate("1m") < 5 && state.ofSubject().recentDenials("10m") < 3
                    effect: PERMIT
                    reason: ok
                """, "t.yaml", ENV);

        assertThat(evaluate(set, Map.of("rate", Map.of("1m", 1000))).effect()).as("the tenant's rate is not the subject's")
                .isEqualTo(Effect.PERMIT);
        assertThat(evaluate(set, Map.of("ofSubject", Map.of("rate", Map.of("1m", 5)))).effect()).isEqualTo(Effect.DENY);
        assertThat(evaluate(set, Map.of("ofSubject", Map.of("recentDenials", Map.of("10m", 3)))).effect()).isEqualTo(Effect.DENY);
    }

    @Test
    void givenOfSubjectNestedInOfSubject_whenGiven_thenRejectedNamingThePath() {
        assertThatThrownBy(() -> StateExtension.INSTANCE.given(Map.of("state", Map.of("ofSubject", Map.of("ofSubject", Map.of())))))
                .hasMessageContaining("given.state.ofSubject.ofSubject is unknown");
    }

    @Test
    void givenUnknownGivenState_thenRejected() {
        assertThatThrownBy(() -> StateExtension.INSTANCE.given(Map.of("state", Map.of("rates", 1))))
                .hasMessageContaining("given.state.rates is unknown");
    }

    private static Verdict evaluate(PolicySet set, Map<String, Object> state) {
        Map<String, Object> values = new java.util.HashMap<>(FlagsExtension.INSTANCE.given(Map.of()));
        values.putAll(StateExtension.INSTANCE.given(Map.of("state", state)));
        return set.evaluate(new PolicyContext(REQUEST, Instant.parse("2026-01-01T12:00:00Z"), values));
    }
}
