package io.govstream.bench.jmh;

import com.fasterxml.jackson.databind.JsonNode;
import io.govstream.policy.FlagsExtension;
import io.govstream.policy.PolicyContext;
import io.govstream.policy.PolicyEnvironment;
import io.govstream.policy.PolicyExtension;
import io.govstream.policy.PolicyInput;
import io.govstream.policy.PolicyLoader;
import io.govstream.policy.PolicySet;
import io.govstream.policy.PolicyState;
import io.govstream.policy.StateExtension;
import io.govstream.policy.StateWindows;
import io.govstream.policy.Verdict;
import io.sapl.api.pdp.AuthorizationDecision;
import io.sapl.api.pdp.AuthorizationSubscription;
import io.sapl.api.pdp.Decision;
import io.sapl.interpreter.InitializationException;
import io.sapl.interpreter.combinators.PolicyDocumentCombiningAlgorithm;
import io.sapl.pdp.EmbeddedPolicyDecisionPoint;
import io.sapl.pdp.PolicyDecisionPointFactory;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The two engines of the policy benchmark over {@link HundredRules}, each deciding request number i. */
final class PolicyEngines {
    /** What both engines must agree on: the effect and the rule that decided ("default-deny" if none). */
    record Outcome(String effect, String rule) {
    }

    private PolicyEngines() {
    }

    /**
     * govstream: the policy set compiled in a real {@link PolicyEnvironment} whose {@code state} is a
     * {@link StateExtension} over an in-memory map (what the decision task reads from its stores),
     * looked up per decision by (tenant, source, intent, subject) as the stores are by scope.
     */
    static final class Govstream {
        private final PolicySet policies;
        private final List<PolicyInput> inputs;
        private final PolicyExtension.Values values;
        private final Instant now = Instant.parse("2026-11-22T12:00:00Z");

        Govstream(List<HundredRules.Request> requests) {
            Map<String, long[]> counts = new HashMap<>();
            for (HundredRules.Request r : requests) {
                counts.put(scope(r.tenant(), r.source(), r.intent(), r.subject()), new long[] {r.rate(), r.recentDenials()});
            }
            PolicyEnvironment environment = new PolicyEnvironment(List.of(FlagsExtension.INSTANCE, StateExtension.INSTANCE));
            this.policies = PolicyLoader.parse(HundredRules.yaml(), "bench-100.yaml", environment);
            this.values = (request, at) -> Map.of(StateExtension.VARIABLE, new MapState(counts.get(
                    scope(request.tenant(), request.source(), request.intent(), request.subject()))));
            this.inputs = requests.stream().map(r -> new PolicyInput(r.source(), r.target(), r.intent(), r.subject(), r.tenant(),
                    "{}", HundredRules.attributes(r))).toList();
        }

        /** One decision as the decide processor makes it: the extension values, a context, the evaluation. */
        Verdict decide(int i) {
            PolicyInput input = inputs.get(i);
            return policies.evaluate(new PolicyContext(input, now, values.of(input, now)));
        }

        Outcome outcome(int i) {
            Verdict verdict = decide(i);
            return new Outcome(verdict.effect().name(), verdict.ruleId());
        }

        private static String scope(String tenant, String source, String intent, String subject) {
            return tenant + '|' + source + '|' + intent + '|' + subject;
        }
    }

    /** Counts of one request (rate, recent denials); windows are parsed and checked as on the real state. */
    private record MapState(long[] counts) implements PolicyState {
        @Override
        public long rate(String window) {
            return inWindow(window, 0);
        }

        @Override
        public long recentDenials(String window) {
            return inWindow(window, 1);
        }

        @Override
        public long today() {
            return 0; // no benchmark rule reads the daily quota
        }

        @Override
        public PolicyState ofSubject() {
            return this; // the benchmark's counts are already those of one subject
        }

        private long inWindow(String window, int which) {
            return StateWindows.seconds(window) > 0 ? counts[which] : 0;
        }
    }

    /** SAPL's embedded PDP over the equivalent SAPL policy set; the state travels in the subscription's environment. */
    static final class Sapl implements AutoCloseable {
        private final EmbeddedPolicyDecisionPoint pdp;
        private final List<AuthorizationSubscription> subscriptions;

        Sapl(List<HundredRules.Request> requests) {
            try {
                this.pdp = PolicyDecisionPointFactory.fixedInRamPolicyDecisionPoint(List.of(HundredRules.sapl()),
                        PolicyDocumentCombiningAlgorithm.DENY_UNLESS_PERMIT, Map.of());
            } catch (InitializationException e) {
                throw new IllegalStateException("SAPL rejected the benchmark policy set: " + e.getMessage(), e);
            }
            this.subscriptions = requests.stream().map(r -> AuthorizationSubscription.of(
                    Map.of("source", r.source(), "tenant", r.tenant(), "subject", r.subject()),
                    Map.of("intent", r.intent()),
                    Map.of("target", r.target(), "priority", r.priority()),
                    Map.of("rate", Map.of("1m", r.rate()), "recentDenials", Map.of("10m", r.recentDenials())))).toList();
        }

        AuthorizationDecision decide(int i) {
            return pdp.decideOnce(subscriptions.get(i)).block();
        }

        Outcome outcome(int i) {
            AuthorizationDecision decision = decide(i);
            if (decision.getDecision() != Decision.PERMIT && decision.getDecision() != Decision.DENY) {
                throw new IllegalStateException("SAPL answered " + decision + " for request " + i);
            }
            String rule = decision.getObligations().filter(o -> o.size() == 1).map(o -> o.get(0).get("rule"))
                    .map(JsonNode::asText).orElse(Verdict.DEFAULT_DENY);
            return new Outcome(decision.getDecision().name(), rule);
        }

        @Override
        public void close() {
            pdp.destroy();
        }
    }
}
