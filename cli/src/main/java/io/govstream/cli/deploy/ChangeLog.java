package io.govstream.cli.deploy;

import io.govstream.events.deployment.ApprovalGranted;
import io.govstream.events.deployment.ApprovalRevoked;
import io.govstream.events.deployment.CheckReported;
import io.govstream.events.deployment.DeploymentCompleted;
import io.govstream.events.deployment.DeploymentDecision;
import io.govstream.events.deployment.HealthReported;
import io.govstream.events.deployment.PromotionRequested;
import io.govstream.events.deployment.RollbackCompleted;
import io.govstream.events.deployment.RollbackRequested;
import io.govstream.events.deployment.TrafficSwitched;
import java.util.List;
import java.util.Objects;

/**
 * One row of the change log (SOC 2 change management): who asked for which change, who approved
 * in which role, which checks passed with what evidence, what the gate decided under which
 * policy, and when it went live, each with its ledger position so the row can be proven.
 */
record ChangeLog(String time, String ledger, String service, String version, String event, String environment, String actor,
                 String role, String outcome, String detail, String correlationId) {
    static final List<String> COLUMNS = List.of("time", "ledger", "service", "version", "event", "environment", "actor", "role",
            "outcome", "detail", "correlationId");

    static ChangeLog of(DeploymentLedger.Entry entry) {
        Object p = entry.payload();
        String time = entry.at().toString();
        String at = entry.partition() + ":" + entry.sequence();
        String c = entry.correlationId();
        if (p instanceof PromotionRequested r) {
            return new ChangeLog(time, at, r.getService(), r.getVersion(), "PromotionRequested", r.getFromEnvironment() + " → "
                    + r.getToEnvironment(), r.getRequester(), "", "", join(r.getSummary(), r.getDigest()), c);
        }
        if (p instanceof CheckReported k) {
            return new ChangeLog(time, at, k.getService(), k.getVersion(), "CheckReported:" + k.getKind(), k.getEnvironment(),
                    k.getReporter(), "", k.getPassed() ? "passed" : "failed", Objects.toString(k.getEvidence(), ""), c);
        }
        if (p instanceof ApprovalGranted a) {
            return new ChangeLog(time, at, a.getService(), a.getVersion(), "ApprovalGranted", "→ " + a.getToEnvironment(), a.getApprover(),
                    a.getRole(), "", join(a.getComment(), a.getDigest()), c);
        }
        if (p instanceof ApprovalRevoked a) {
            return new ChangeLog(time, at, a.getService(), a.getVersion(), "ApprovalRevoked", "→ " + a.getToEnvironment(), a.getApprover(),
                    a.getRole(), "", Objects.toString(a.getComment(), ""), c);
        }
        if (p instanceof DeploymentCompleted d) {
            return new ChangeLog(time, at, d.getService(), d.getVersion(), "DeploymentCompleted", d.getEnvironment(), d.getReporter(), "",
                    "live", "", c);
        }
        if (p instanceof TrafficSwitched t) {
            return new ChangeLog(time, at, t.getService(), t.getVersion(), "TrafficSwitched", t.getEnvironment(), t.getReporter(), "",
                    t.getToColour(), "", c);
        }
        if (p instanceof HealthReported h) {
            return new ChangeLog(time, at, h.getService(), h.getVersion(), "HealthReported", h.getEnvironment(), h.getReporter(), "", "",
                    "error rate " + h.getErrorRate() + ", p99 " + h.getLatencyP99Ms() + " ms", c);
        }
        if (p instanceof RollbackRequested r) {
            return new ChangeLog(time, at, r.getService(), "", "RollbackRequested", r.getEnvironment(), r.getRequester(), "", "",
                    r.getReason(), c);
        }
        if (p instanceof RollbackCompleted r) {
            return new ChangeLog(time, at, r.getService(), r.getVersion(), "RollbackCompleted", r.getEnvironment(), r.getReporter(), "",
                    "live", "", c);
        }
        if (!(p instanceof DeploymentDecision d)) {
            // An event type newer than this govctl: its row says what it is rather than failing the whole history.
            return new ChangeLog(time, at, "", "", p.getClass().getSimpleName(), "", "", "", "", "not known to this govctl", c);
        }
        String approvals = d.getApprovals().isEmpty() ? "" : "approved by " + String.join(", ", d.getApprovals());
        String checks = d.getChecks().isEmpty() ? "" : "checks " + String.join(", ", d.getChecks());
        return new ChangeLog(time, at, d.getService(), d.getVersion(), "Decision:" + d.getAction(),
                (d.getFromEnvironment() == null || d.getFromEnvironment().equals(d.getToEnvironment()) ? "" : d.getFromEnvironment() + " → ")
                        + d.getToEnvironment(), Objects.toString(d.getRequester(), ""), "", d.getEffect().name(),
                join(d.getReason(), join(approvals, join(checks, "policy " + d.getPolicySetId() + " v" + d.getPolicyVersion() + " rule "
                        + d.getRuleId()))), c);
    }

    /** The fields in the order of {@link #COLUMNS} (and of the JSON export, which writes the record). */
    List<String> values() {
        return List.of(time, ledger, service, version, event, environment, actor, role, outcome, detail, correlationId);
    }

    private static String join(String a, String b) {
        if (a == null || a.isBlank()) {
            return Objects.toString(b, "");
        }
        return b == null || b.isBlank() ? a : a + "; " + b;
    }
}
