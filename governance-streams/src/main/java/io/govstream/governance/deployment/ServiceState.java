package io.govstream.governance.deployment;

import io.govstream.events.deployment.CheckReported;
import io.govstream.events.deployment.CheckResult;
import io.govstream.events.deployment.Deployed;
import io.govstream.events.deployment.DeploymentState;
import io.govstream.events.deployment.GateApproval;
import io.govstream.events.deployment.HealthWatch;
import io.govstream.events.deployment.OpenGate;
import io.govstream.events.deployment.Running;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One service's deployment state, as the gate processor changes it. Wraps the stored
 * {@link DeploymentState}; {@link #toAvro()} gives it back for the store.
 */
final class ServiceState {
    /** Deployments remembered per service: enough for soak and rollback, bounded. */
    static final int MAX_DEPLOYED = 200;

    private final DeploymentState state;

    private ServiceState(DeploymentState state) {
        this.state = state;
    }

    static ServiceState of(DeploymentState stored, String service, String tenant) {
        if (stored != null) {
            return new ServiceState(DeploymentState.newBuilder(stored).build());
        }
        return new ServiceState(DeploymentState.newBuilder().setService(service).setTenant(tenant)
                .setRunning(new ArrayList<>()).setDeployed(new ArrayList<>()).setChecks(new ArrayList<>())
                .setApprovals(new ArrayList<>()).setGates(new ArrayList<>()).setWatches(new ArrayList<>()).build());
    }

    DeploymentState toAvro() {
        return state;
    }

    String service() {
        return state.getService();
    }

    String tenant() {
        return state.getTenant();
    }

    /** {@code version} now runs in {@code environment}: what ran there before becomes the rollback target. */
    void deployed(String version, String environment, Instant at) {
        Optional<Running> before = running(environment);
        String previous = before.map(r -> r.getVersion().equals(version) ? r.getPreviousVersion() : r.getVersion()).orElse(null);
        setRunning(environment, version, at, previous);
        remember(version, environment, at);
    }

    /** A rollback finished: {@code version} runs again, and there is no further step back recorded. */
    void rolledBack(String version, String environment, Instant at) {
        setRunning(environment, version, at, null);
        remember(version, environment, at);
    }

    private void setRunning(String environment, String version, Instant at, String previous) {
        List<Running> running = new ArrayList<>(state.getRunning());
        running.removeIf(r -> r.getEnvironment().equals(environment));
        running.add(new Running(environment, version, at, previous));
        state.setRunning(running);
    }

    private void remember(String version, String environment, Instant at) {
        List<Deployed> deployed = new ArrayList<>(state.getDeployed());
        deployed.add(new Deployed(version, environment, at));
        while (deployed.size() > MAX_DEPLOYED) {
            deployed.remove(0);
        }
        state.setDeployed(deployed);
    }

    Optional<Running> running(String environment) {
        return state.getRunning().stream().filter(r -> r.getEnvironment().equals(environment)).findFirst();
    }

    List<Running> running() {
        return state.getRunning();
    }

    /** When {@code version} last started running in {@code environment}, or null if it never did. */
    Instant deployedAt(String version, String environment) {
        Instant at = null;
        for (Deployed d : state.getDeployed()) {
            if (d.getVersion().equals(version) && d.getEnvironment().equals(environment)) {
                at = d.getAt();
            }
        }
        return at;
    }

    /** The latest result per kind counts. */
    void check(CheckReported check) {
        List<CheckResult> checks = new ArrayList<>(state.getChecks());
        checks.removeIf(c -> c.getVersion().equals(check.getVersion()) && c.getKind().equals(check.getKind()));
        checks.add(new CheckResult(check.getVersion(), check.getEnvironment(), check.getKind(), check.getPassed(), check.getEvidence(),
                check.getReporter()));
        state.setChecks(checks);
    }

    Map<String, PromotionGate.Check> checks(String version) {
        Map<String, PromotionGate.Check> out = new LinkedHashMap<>();
        for (CheckResult c : state.getChecks()) {
            if (c.getVersion().equals(version)) {
                out.put(c.getKind(), new PromotionGate.Check(c.getPassed(), c.getEvidence()));
            }
        }
        return out;
    }

    /** @return false if this approver already approved this promotion (one vote per person) */
    boolean approve(String version, String to, String approver, String role, String eventId) {
        if (approvals(version, to).stream().anyMatch(a -> a.approver().equals(approver))) {
            return false;
        }
        List<GateApproval> approvals = new ArrayList<>(state.getApprovals());
        approvals.add(new GateApproval(version, to, approver, role, eventId));
        state.setApprovals(approvals);
        return true;
    }

    /** @return false if this approver had no approval of this promotion to revoke */
    boolean revoke(String version, String to, String approver) {
        List<GateApproval> approvals = new ArrayList<>(state.getApprovals());
        boolean removed = approvals.removeIf(a -> a.getVersion().equals(version) && a.getToEnvironment().equals(to)
                && a.getApprover().equals(approver));
        state.setApprovals(approvals);
        return removed;
    }

    List<PromotionGate.Approval> approvals(String version, String to) {
        return state.getApprovals().stream().filter(a -> a.getVersion().equals(version) && a.getToEnvironment().equals(to))
                .map(a -> new PromotionGate.Approval(a.getApprover(), a.getRole())).toList();
    }

    /** Opens (or replaces) the gate of a version's promotion to an environment. */
    OpenGate open(OpenGate gate) {
        closeGate(gate.getVersion(), gate.getToEnvironment());
        List<OpenGate> gates = new ArrayList<>(state.getGates());
        gates.add(gate);
        state.setGates(gates);
        return gate;
    }

    void closeGate(String version, String to) {
        List<OpenGate> gates = new ArrayList<>(state.getGates());
        gates.removeIf(g -> g.getVersion().equals(version) && g.getToEnvironment().equals(to));
        state.setGates(gates);
    }

    List<OpenGate> gates() {
        return List.copyOf(state.getGates());
    }

    void watch(HealthWatch watch) {
        unwatch(watch.getEnvironment());
        List<HealthWatch> watches = new ArrayList<>(state.getWatches());
        watches.add(watch);
        state.setWatches(watches);
    }

    void unwatch(String environment) {
        List<HealthWatch> watches = new ArrayList<>(state.getWatches());
        watches.removeIf(w -> w.getEnvironment().equals(environment));
        state.setWatches(watches);
    }

    Optional<HealthWatch> watching(String environment, String version) {
        return state.getWatches().stream().filter(w -> w.getEnvironment().equals(environment) && w.getVersion().equals(version))
                .findFirst();
    }

    List<HealthWatch> watches() {
        return List.copyOf(state.getWatches());
    }
}
