package io.govstream.governance.policy;

import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What a rule requires beyond its effect. Parsed and validated at publish time; enforced by the
 * escalation flow (not yet built).
 *
 * @param escalation approvals required before an ESCALATE rule's request may proceed, or null
 */
public record Obligations(Escalation escalation) {
    public static final Obligations NONE = new Obligations(null);

    public boolean isEmpty() {
        return escalation == null;
    }

    /** Canonical text for the content hash. */
    String canonical() {
        return escalation == null ? "-" : escalation.canonical();
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
