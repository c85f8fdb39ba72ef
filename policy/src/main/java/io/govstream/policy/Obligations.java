package io.govstream.policy;

import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What a rule requires beyond its effect. Parsed and validated at publish time; enforced by the
 * escalation flow (dispatch sets) or the deployment gate (promotion sets).
 *
 * @param escalation approvals required before an ESCALATE rule's request may proceed, or null
 * @param promotion  what a PERMIT rule of a promotion set requires before the promotion goes ahead, or null
 */
public record Obligations(Escalation escalation, PromotionObligations promotion) {
    public static final Obligations NONE = new Obligations(null, null);

    /** Canonical text for the content hash (unchanged for sets without promotion obligations). */
    String canonical() {
        String text = escalation == null ? "-" : escalation.canonical();
        return promotion == null ? text : text + ";promotion=" + promotion.canonical();
    }

    /**
     * {@code escalation: {approvals: {devops: 2, security: 1}, timeout: 1h}}: how many distinct
     * approvers of each role must approve, and how long to wait before denying.
     */
    public record Escalation(Map<String, Integer> approvals, Duration timeout) {
        public Escalation {
            Objects.requireNonNull(timeout, "timeout");
            approvals = Collections.unmodifiableMap(new TreeMap<>(approvals));
            if (approvals.isEmpty()) {
                throw new IllegalArgumentException("escalation.approvals names no role");
            }
        }

        String canonical() {
            StringBuilder out = new StringBuilder("approvals=");
            approvals.forEach((role, n) -> out.append(role).append(':').append(n).append(','));
            return out.append(";timeout=").append(timeout).toString();
        }
    }
}
