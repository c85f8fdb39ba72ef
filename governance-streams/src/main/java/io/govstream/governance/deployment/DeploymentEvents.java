package io.govstream.governance.deployment;

import io.govstream.policy.Environments;
import io.govstream.events.Envelope;
import io.govstream.events.deployment.ApprovalGranted;
import io.govstream.events.deployment.ApprovalRevoked;
import io.govstream.events.deployment.CheckReported;
import io.govstream.events.deployment.DeploymentCompleted;
import io.govstream.events.deployment.DeploymentEvent;
import io.govstream.events.deployment.HealthReported;
import io.govstream.events.deployment.PromotionRequested;
import io.govstream.events.deployment.RollbackCompleted;
import io.govstream.events.deployment.RollbackRequested;
import io.govstream.events.deployment.TrafficSwitched;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.avro.specific.SpecificRecord;

/** Reads the common parts of any deployment event and says what is wrong with one, if anything. */
public final class DeploymentEvents {
    /** Check kinds the gate knows; a policy may require only these. */
    public static final Set<String> CHECK_KINDS = Set.of("smoke", "integration", "load", "security-scan", "pci-compliance");
    public static final Set<String> COLOURS = Set.of("blue", "green");
    private static final int MAX_NAME = 200;

    private DeploymentEvents() {
    }

    public static Envelope envelope(DeploymentEvent event) {
        return (Envelope) record(event).get(record(event).getSchema().getField("envelope").pos());
    }

    public static String service(DeploymentEvent event) {
        return String.valueOf(record(event).get(record(event).getSchema().getField("service").pos()));
    }

    /** The event's name, e.g. PromotionRequested. */
    public static String type(DeploymentEvent event) {
        return record(event).getSchema().getName();
    }

    private static SpecificRecord record(DeploymentEvent event) {
        return (SpecificRecord) event.getEvent();
    }

    /** Null if valid, else every problem, joined. */
    public static String invalid(DeploymentEvent event) {
        List<String> problems = new ArrayList<>();
        name(problems, "service", service(event));
        Object e = event.getEvent();
        if (e instanceof PromotionRequested p) {
            name(problems, "version", p.getVersion());
            name(problems, "requester", p.getRequester());
            environment(problems, "fromEnvironment", p.getFromEnvironment());
            environment(problems, "toEnvironment", p.getToEnvironment());
        } else if (e instanceof CheckReported c) {
            located(problems, c.getVersion(), c.getEnvironment());
            if (!CHECK_KINDS.contains(c.getKind())) {
                problems.add("kind '" + c.getKind() + "' is not one of " + CHECK_KINDS);
            }
        } else if (e instanceof ApprovalGranted a) {
            vote(problems, a.getVersion(), a.getToEnvironment(), a.getApprover(), a.getRole());
        } else if (e instanceof ApprovalRevoked r) {
            vote(problems, r.getVersion(), r.getToEnvironment(), r.getApprover(), r.getRole());
        } else if (e instanceof DeploymentCompleted d) {
            located(problems, d.getVersion(), d.getEnvironment());
        } else if (e instanceof HealthReported h) {
            located(problems, h.getVersion(), h.getEnvironment());
            if (!(h.getErrorRate() >= 0 && h.getErrorRate() <= 1) || !(h.getLatencyP99Ms() >= 0)) {
                problems.add("errorRate must be within 0..1 and latencyP99Ms ≥ 0");
            }
        } else if (e instanceof RollbackRequested r) {
            environment(problems, "environment", r.getEnvironment());
            name(problems, "requester", r.getRequester());
        } else if (e instanceof RollbackCompleted r) {
            located(problems, r.getVersion(), r.getEnvironment());
        } else if (e instanceof TrafficSwitched t) {
            located(problems, t.getVersion(), t.getEnvironment());
            if (!COLOURS.contains(t.getToColour())) {
                problems.add("toColour '" + t.getToColour() + "' is not blue or green");
            }
        }
        return problems.isEmpty() ? null : String.join("; ", problems);
    }

    private static void located(List<String> problems, String version, String environment) {
        name(problems, "version", version);
        environment(problems, "environment", environment);
    }

    private static void vote(List<String> problems, String version, String to, String approver, String role) {
        name(problems, "version", version);
        environment(problems, "toEnvironment", to);
        name(problems, "approver", approver);
        name(problems, "role", role);
    }

    private static void name(List<String> problems, String field, String value) {
        if (value == null || value.isBlank() || value.length() > MAX_NAME) {
            problems.add(field + " must be non-blank and at most " + MAX_NAME + " characters");
        } else if (io.govstream.ledger.gdpr.PersonalFields.isErased(value)) {
            // Only an erasure writes these into state: one that came in would pose as an erased person.
            problems.add(field + " must not be an erased person's marker");
        }
    }

    private static void environment(List<String> problems, String field, String value) {
        if (!Environments.known(value)) {
            problems.add(field + " '" + value + "' is not one of " + Environments.ORDER);
        }
    }
}
