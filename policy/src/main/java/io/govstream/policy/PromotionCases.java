package io.govstream.policy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@code govctl policy test} case of a promotion set, read from its {@code given}:
 *
 * <pre>
 * given:
 *   promotion: {service: checkout, version: 1.4.2, from: staging, to: production, requester: alice, tenant: acme}
 *   deployedInSource: 30h        # how long the version has run in the source environment; absent = never deployed there
 *   checks: {integration: passed, load: passed, security-scan: failed}
 *   approvals: [{approver: bob, role: devops}, {approver: carol, role: devops}]
 *   now: "2026-03-04T12:00:00Z"
 * expect: {effect: PENDING, rule: staging-to-production, reason: "needs 1 more devops approval"}
 * </pre>
 */
public final class PromotionCases {
    private PromotionCases() {
    }

    /** @throws IllegalArgumentException naming what is wrong with the case */
    public static Verdict verdict(PolicySet set, Map<String, Object> given, Instant now) {
        Map<String, Object> p = PolicyTests.map(given.get("promotion"), "given.promotion");
        String from = PolicyTests.required(p, "given.promotion", "from");
        String to = PolicyTests.required(p, "given.promotion", "to");
        String service = String.valueOf(p.getOrDefault("service", "test-service"));
        String version = String.valueOf(p.getOrDefault("version", "1.0.0"));
        String requester = String.valueOf(p.getOrDefault("requester", "test-requester"));
        String tenant = String.valueOf(p.getOrDefault("tenant", "default"));
        PromotionGate.Outcome outcome;
        if (PromotionGate.ROLLBACK.equals(p.get("action"))) {
            Object previous = p.get("previousVersion");
            outcome = PromotionGate.rollback(set, service, to, previous == null ? null : String.valueOf(previous), requester, tenant, now,
                    null);
        } else {
            Object ran = given.get("deployedInSource");
            Instant since = ran == null ? null : now.minus(PolicyLoader.duration(String.valueOf(ran)));
            Map<String, PromotionGate.Check> checks = new LinkedHashMap<>();
            PolicyTests.map(given.get("checks"), "given.checks").forEach((kind, result) -> {
                if (!"passed".equals(String.valueOf(result)) && !"failed".equals(String.valueOf(result))) {
                    throw new IllegalArgumentException("given.checks." + kind + " must be passed or failed, was " + result);
                }
                checks.put(kind, new PromotionGate.Check("passed".equals(String.valueOf(result)), null));
            });
            Object list = given.getOrDefault("approvals", List.of());
            if (!(list instanceof List<?> items)) {
                throw new IllegalArgumentException("given.approvals must be a list of {approver, role}");
            }
            List<PromotionGate.Approval> approvals = new ArrayList<>();
            for (int i = 0; i < items.size(); i++) {
                String where = "given.approvals[" + i + "]";
                Map<String, Object> a = PolicyTests.map(items.get(i), where);
                approvals.add(new PromotionGate.Approval(PolicyTests.required(a, where, "approver"), PolicyTests.required(a, where, "role")));
            }
            outcome = PromotionGate.evaluate(set, new PromotionGate.Facts(service, version, from, to, requester, tenant, since, checks,
                    approvals), now, null);
        }
        String reason = outcome.ignored().isEmpty() ? outcome.reason() : outcome.reason() + " (" + String.join("; ", outcome.ignored()) + ")";
        return new Verdict(outcome.effect(), outcome.ruleId(), reason);
    }
}
