package io.govstream.policy;

import io.govstream.events.Effect;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Decides one promotion gate from the facts the topology keeps for it, under a promotion policy
 * set: DENY (not an adjacent step, never ran in the source environment, or the policy says no),
 * PENDING with exactly what is missing, or PERMIT. Pure: the same facts and time give the same
 * outcome, so the topology, {@code govctl policy test} and the unit tests share it.
 */
public final class PromotionGate {
    public static final String PROMOTE = "promote";
    public static final String ROLLBACK = "rollback";
    /** Rule id of a step that skips an environment or leaves the release path. */
    public static final String ADJACENT_ONLY = "adjacent-steps-only";
    /** Rule id of a promotion of a version that never ran in the source environment. */
    public static final String NOT_IN_SOURCE = "not-deployed-in-source";
    /** Rule id of a rollback with no earlier version to go back to. */
    public static final String NOTHING_TO_ROLL_BACK = "nothing-to-roll-back";

    private PromotionGate() {
    }

    /** A check's latest result for the version. */
    public record Check(boolean passed, String evidence) {
    }

    /** An approval as given, in arrival order. */
    public record Approval(String approver, String role) {
    }

    /**
     * @param deployedInSourceAt when the version started running in the source environment; null = never
     * @param checks             latest result per check kind
     */
    public record Facts(String service, String version, String from, String to, String requester, String tenant,
                        Instant deployedInSourceAt, Map<String, Check> checks, List<Approval> approvals) {
        public Facts {
            checks = Map.copyOf(checks);
            approvals = List.copyOf(approvals);
        }
    }

    /**
     * @param missing  what the gate still waits for (PENDING)
     * @param counted  approvals that count, "bob (devops)"
     * @param passed   passed checks with their evidence, "smoke: https://ci/1"
     * @param ignored  approvals that do not count and why
     */
    public record Outcome(Effect effect, String ruleId, String reason, List<String> missing, List<String> counted, List<String> passed,
                          List<String> ignored) {
        public static Outcome deny(String ruleId, String reason) {
            return new Outcome(Effect.DENY, ruleId, reason, List.of(), List.of(), List.of(), List.of());
        }

        /** Identity of the outcome for re-evaluation by timer: changes of remaining soak time alone do not count. */
        public String signature() {
            List<String> kinds = missing.stream().map(m -> m.startsWith("soak ") ? "soak" : m).toList();
            return effect + "|" + ruleId + "|" + String.join(";", kinds);
        }
    }

    /**
     * @param values the extensions' values ({@code flags}, {@code state}) as a dispatch decision in the same task
     *               sees them; null = neutral ones (policy tests)
     */
    public static Outcome evaluate(PolicySet set, Facts facts, Instant now, PolicyExtension.Values values) {
        Objects.requireNonNull(set, "set");
        if (!Environments.adjacent(facts.from(), facts.to())) {
            return Outcome.deny(ADJACENT_ONLY, "only adjacent steps of " + String.join(" → ", Environments.ORDER)
                    + " are allowed, not " + facts.from() + " → " + facts.to());
        }
        if (facts.deployedInSourceAt() == null) {
            return Outcome.deny(NOT_IN_SOURCE, facts.service() + " " + facts.version() + " has never been deployed in " + facts.from()
                    + ": it cannot be promoted from there");
        }
        Verdict verdict = set.evaluate(context(input(facts.from(), facts.to(), PROMOTE, facts), now, values));
        if (verdict.effect() != Effect.PERMIT) {
            return Outcome.deny(verdict.ruleId(), verdict.reason());
        }
        PromotionObligations gate = verdict.obligations().promotion();
        List<String> missing = new ArrayList<>();
        List<String> passed = new ArrayList<>();
        List<String> counted = new ArrayList<>();
        List<String> ignored = new ArrayList<>();
        if (gate != null) {
            checks(gate, facts, missing, passed);
            approvals(gate, facts, missing, counted, ignored);
            Duration ran = Duration.between(facts.deployedInSourceAt(), now);
            if (ran.compareTo(gate.soak()) < 0) {
                missing.add("soak " + human(gate.soak().minus(ran)) + " remaining in " + facts.from());
            }
            for (PromotionObligations.FreezeWindow freeze : gate.freezes()) {
                freeze.endOfFreezeAt(now).ifPresent(end -> missing.add("change freeze '" + freeze.name() + "' until " + end));
            }
        }
        if (missing.isEmpty()) {
            return new Outcome(Effect.PERMIT, verdict.ruleId(), verdict.reason(), List.of(), counted, passed, ignored);
        }
        return new Outcome(Effect.PENDING, verdict.ruleId(), String.join("; ", missing), missing, counted, passed, ignored);
    }

    /**
     * A rollback of {@code environment} to {@code previousVersion} (null = none known), under the same policy set.
     *
     * @param values as for {@link #evaluate}
     */
    public static Outcome rollback(PolicySet set, String service, String environment, String previousVersion, String requester,
                                   String tenant, Instant now, PolicyExtension.Values values) {
        if (!Environments.known(environment)) {
            return Outcome.deny(ADJACENT_ONLY, "unknown environment '" + environment + "' (known: " + Environments.ORDER + ")");
        }
        if (previousVersion == null) {
            return Outcome.deny(NOTHING_TO_ROLL_BACK, service + " has no earlier version recorded in " + environment + " to roll back to");
        }
        Facts facts = new Facts(service, previousVersion, environment, environment, requester, tenant, null, Map.of(), List.of());
        Verdict verdict = set.evaluate(context(input(environment, environment, ROLLBACK, facts), now, values));
        return verdict.effect() == Effect.PERMIT
                ? new Outcome(Effect.PERMIT, verdict.ruleId(), verdict.reason(), List.of(), List.of(), List.of(), List.of())
                : Outcome.deny(verdict.ruleId(), verdict.reason());
    }

    /** The rule and health thresholds that govern a version newly live in {@code environment}, if the policy sets any. */
    public static Optional<Watch> health(PolicySet set, String service, String version, String environment, String tenant, Instant now,
                                         PolicyExtension.Values values) {
        Optional<String> from = Environments.before(environment);
        if (from.isEmpty()) {
            return Optional.empty();
        }
        Facts facts = new Facts(service, version, from.get(), environment, "-", tenant, null, Map.of(), List.of());
        Verdict verdict = set.evaluate(context(input(from.get(), environment, PROMOTE, facts), now, values));
        PromotionObligations gate = verdict.obligations().promotion();
        if (verdict.effect() != Effect.PERMIT || gate == null || gate.health() == null) {
            return Optional.empty();
        }
        return Optional.of(new Watch(verdict.ruleId(), gate.health()));
    }

    /** The rule whose health thresholds apply. */
    public record Watch(String ruleId, PromotionObligations.Health health) {
    }

    private static void checks(PromotionObligations gate, Facts facts, List<String> missing, List<String> passed) {
        for (String kind : gate.checks()) {
            Check check = facts.checks().get(kind);
            if (check == null) {
                missing.add("check " + kind + " not reported");
            } else if (!check.passed()) {
                missing.add("check " + kind + " failed" + (check.evidence() == null ? "" : " (" + check.evidence() + ")"));
            } else {
                passed.add(kind + (check.evidence() == null ? "" : ": " + check.evidence()));
            }
        }
    }

    private static PolicyContext context(PolicyInput input, Instant now, PolicyExtension.Values values) {
        return values == null ? PolicyContext.of(input, now) : new PolicyContext(input, now, values.of(input, now));
    }

    /** Separation of duties and one vote per person, applied in arrival order. */
    private static void approvals(PromotionObligations gate, Facts facts, List<String> missing, List<String> counted, List<String> ignored) {
        Map<String, Integer> have = new TreeMap<>();
        Set<String> voted = new HashSet<>();
        for (Approval approval : facts.approvals()) {
            if (Identities.same(approval.approver(), facts.requester())) {
                ignored.add("approval by " + approval.approver() + " ignored: the requester may not approve");
            } else if (!voted.add(Identities.key(approval.approver()))) {
                ignored.add("approval by " + approval.approver() + " (" + approval.role() + ") ignored: one vote per person");
            } else if (!gate.approvals().containsKey(approval.role())) {
                ignored.add("approval by " + approval.approver() + " ignored: role " + approval.role() + " is not required");
            } else {
                have.merge(approval.role(), 1, Integer::sum);
                counted.add(approval.approver() + " (" + approval.role() + ")");
            }
        }
        Map<String, Integer> need = new LinkedHashMap<>(gate.approvals());
        need.forEach((role, n) -> {
            int more = n - have.getOrDefault(role, 0);
            if (more > 0) {
                missing.add("needs " + more + " more " + role + " approval" + (more == 1 ? "" : "s"));
            }
        });
    }

    private static PolicyInput input(String from, String to, String action, Facts facts) {
        return new PolicyInput(from, to, action, facts.requester(), facts.tenant(), "{}",
                Map.of("service", facts.service(), "version", facts.version(), PolicyInput.ENVIRONMENT, to));
    }

    /** "3h12m", "2d4h", "45s": the largest two units. */
    public static String human(Duration d) {
        long s = Math.max(0, d.toSeconds());
        if (s < 60) {
            return s + "s";
        }
        long days = s / 86_400;
        long hours = s % 86_400 / 3600;
        long minutes = s % 3600 / 60;
        if (days > 0) {
            return days + "d" + (hours > 0 ? hours + "h" : "");
        }
        return hours > 0 ? hours + "h" + (minutes > 0 ? minutes + "m" : "") : minutes + "m" + (s % 60 > 0 ? s % 60 + "s" : "");
    }
}
