package io.govstream.governance.escalation;

import io.govstream.policy.Identities;
import io.govstream.ledger.gdpr.PersonalFields;
import io.govstream.events.CountedApproval;
import io.govstream.events.Effect;
import io.govstream.events.PendingEscalation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The escalation obligation applied to one vote: N approvals per role, an approver may not be the
 * requester (the request's subject), one vote per approver, and any counted denial denies. Pure:
 * the processor stores and forwards what it returns.
 */
final class Tally {
    private Tally() {
    }

    /**
     * @param subject the requester, who may not vote
     * @return the vote's outcome: ignored (with why), counted and still pending, or counted and final
     */
    static Outcome vote(PendingEscalation pending, String subject, String approver, String role, boolean granted, String voteEventId) {
        Map<String, Integer> required = pending.getRequired();
        if (PersonalFields.isErased(approver)) {
            // Only an erasure writes these into state: a vote under one would pose as an erased person.
            return Outcome.ignored("an approver may not be named as an erased person");
        }
        if (Identities.same(approver, subject)) {
            return Outcome.ignored(approver + " requested this and may not vote on it");
        }
        for (CountedApproval earlier : pending.getApprovals()) {
            if (Identities.same(earlier.getApprover(), approver)) {
                return Outcome.ignored(approver + " already voted (as " + earlier.getRole() + "); one vote per approver");
            }
        }
        if (!required.containsKey(role)) {
            return Outcome.ignored("role '" + role + "' is not asked for: this escalation needs " + describe(required));
        }
        if (!granted) {
            return new Outcome(true, "denied by " + approver + " (" + role + ")", Effect.DENY, pending);
        }
        List<CountedApproval> approvals = new ArrayList<>(pending.getApprovals());
        approvals.add(CountedApproval.newBuilder().setApprover(approver).setRole(role).setEventId(voteEventId).build());
        PendingEscalation after = PendingEscalation.newBuilder(pending).setApprovals(approvals).build();
        Map<String, Integer> missing = missing(after);
        if (missing.isEmpty()) {
            return new Outcome(true, "approved by " + approvers(after), Effect.PERMIT, after);
        }
        return new Outcome(true, "approval by " + approver + " (" + role + ") counted; still needed: " + describe(missing), null, after);
    }

    /** Approvals still needed per role (only roles with some missing). */
    static Map<String, Integer> missing(PendingEscalation pending) {
        Map<String, Integer> missing = new TreeMap<>();
        pending.getRequired().forEach((role, n) -> {
            long have = pending.getApprovals().stream().filter(a -> a.getRole().equals(role)).count();
            if (have < n) {
                missing.put(role, (int) (n - have));
            }
        });
        return missing;
    }

    /** Who has approved so far, in the order they approved. */
    static List<String> approverNames(PendingEscalation pending) {
        return pending.getApprovals().stream().map(a -> a.getApprover()).toList();
    }

    /** "alice (devops), carol (security)" in the order they approved; "nobody" if none. */
    static String approvers(PendingEscalation pending) {
        List<String> names = pending.getApprovals().stream().map(a -> a.getApprover() + " (" + a.getRole() + ")").toList();
        return names.isEmpty() ? "nobody" : String.join(", ", names);
    }

    static String describe(Map<String, Integer> perRole) {
        return new TreeMap<>(perRole).entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "));
    }

    /**
     * @param counted whether the vote changed anything
     * @param effect  the final effect it caused, or null while the escalation stays pending
     * @param after   the escalation after the vote
     */
    record Outcome(boolean counted, String note, Effect effect, PendingEscalation after) {
        static Outcome ignored(String why) {
            return new Outcome(false, "ignored: " + why, null, null);
        }
    }
}
