package io.govstream.governance.deployment;

import io.govstream.policy.Environments;
import io.govstream.policy.PromotionGate;
import io.govstream.policy.Identities;
import io.govstream.events.deployment.CheckReported;
import io.govstream.events.deployment.CheckResult;
import io.govstream.events.deployment.Deployed;
import io.govstream.events.deployment.DeploymentState;
import io.govstream.events.deployment.GateApproval;
import io.govstream.events.deployment.PermittedPromotion;
import io.govstream.events.deployment.HealthWatch;
import io.govstream.events.deployment.OpenGate;
import io.govstream.events.deployment.Running;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * One service's deployment state, as the gate processor changes it. Wraps the stored
 * {@link DeploymentState}; {@link #toAvro()} gives it back for the store.
 */
final class ServiceState {
    /** Deployments remembered per service: enough for soak and rollback, bounded. */
    static final int MAX_DEPLOYED = 200;
    /** Versions whose checks are kept besides those running somewhere or with an open gate: the latest reported. */
    static final int MAX_CHECKED_VERSIONS = 20;

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
                .setApprovals(new ArrayList<>()).setGates(new ArrayList<>()).setWatches(new ArrayList<>())
                .setPermitted(new ArrayList<>()).build());
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

    /**
     * A rollback finished: {@code version} runs again, and there is no further step back recorded.
     * The version rolled back loses what was given for promoting it out of {@code environment}: its
     * open gates from there close, and their approvals and its checks there end.
     */
    void rolledBack(String version, String environment, Instant at) {
        running(environment).map(Running::getVersion).filter(v -> !v.equals(version)).ifPresent(v -> forget(v, environment));
        setRunning(environment, version, at, null);
        remember(version, environment, at);
    }

    private void forget(String version, String environment) {
        for (OpenGate gate : gates()) {
            if (gate.getVersion().equals(version) && gate.getFromEnvironment().equals(environment)) {
                closeGate(gate.getVersion(), gate.getToEnvironment());
                endApprovals(gate.getVersion(), gate.getToEnvironment());
            }
        }
        Environments.after(environment).ifPresent(next -> {
            endApprovals(version, next);
            state.setPermitted(replaced(state.getPermitted(), p -> p.getVersion().equals(version) && p.getToEnvironment().equals(next), null));
        });
        state.setChecks(replaced(state.getChecks(), c -> c.getVersion().equals(version) && c.getEnvironment().equals(environment), null));
    }

    private void setRunning(String environment, String version, Instant at, String previous) {
        state.setRunning(replaced(state.getRunning(), r -> r.getEnvironment().equals(environment), new Running(environment, version, at, previous)));
    }

    private void remember(String version, String environment, Instant at) {
        List<Deployed> deployed = new ArrayList<>(state.getDeployed());
        deployed.add(new Deployed(version, environment, at));
        deployed.subList(0, Math.max(0, deployed.size() - MAX_DEPLOYED)).clear();
        state.setDeployed(deployed);
    }

    /** Whether {@code version} has run in {@code environment} (of the deployments remembered, or as the one before the current). */
    boolean ranIn(String version, String environment) {
        return state.getDeployed().stream().anyMatch(d -> d.getVersion().equals(version) && d.getEnvironment().equals(environment))
                || running(environment).map(Running::getPreviousVersion).filter(version::equals).isPresent();
    }

    Optional<Running> running(String environment) {
        return state.getRunning().stream().filter(r -> r.getEnvironment().equals(environment)).findFirst();
    }

    /**
     * Since when {@code version} has run in {@code environment} without interruption, or null if it
     * does not run there now: soak counts the current run, never an earlier one (a version rolled back
     * after an hour has not soaked a day later).
     */
    Instant runningSince(String version, String environment) {
        return running(environment).filter(r -> r.getVersion().equals(version)).map(Running::getSince).orElse(null);
    }

    /**
     * The latest result per environment and kind counts. Checks are kept of the versions running somewhere or with an open
     * gate, and of the {@link #MAX_CHECKED_VERSIONS} others reported last; those of older versions are dropped.
     */
    void check(CheckReported check) {
        List<CheckResult> checks = replaced(state.getChecks(), c -> c.getVersion().equals(check.getVersion())
                && c.getEnvironment().equals(check.getEnvironment()) && c.getKind().equals(check.getKind()),
                new CheckResult(check.getVersion(), check.getEnvironment(), check.getKind(), check.getPassed(), check.getEvidence(),
                        check.getReporter()));
        Set<String> kept = new HashSet<>();
        state.getRunning().forEach(r -> kept.add(r.getVersion()));
        state.getGates().forEach(g -> kept.add(g.getVersion()));
        Set<String> others = new LinkedHashSet<>();
        for (int i = checks.size() - 1; i >= 0; i--) { // the list is in order of report: the latest last
            if (!kept.contains(checks.get(i).getVersion())) {
                others.add(checks.get(i).getVersion());
            }
        }
        Set<String> dropped = others.stream().skip(MAX_CHECKED_VERSIONS).collect(Collectors.toSet());
        state.setChecks(replaced(checks, c -> dropped.contains(c.getVersion()), null));
    }

    /** The checks of {@code version} reported in {@code environment}: a load test passed in dev proves nothing about staging. */
    Map<String, PromotionGate.Check> checks(String version, String environment) {
        return state.getChecks().stream().filter(c -> c.getVersion().equals(version) && c.getEnvironment().equals(environment))
                .collect(Collectors.toMap(CheckResult::getKind, c -> new PromotionGate.Check(c.getPassed(), c.getEvidence()), (a, b) -> b,
                        LinkedHashMap::new));
    }

    /**
     * Counts an approval for the open promotion request of {@code version} to {@code to}.
     *
     * @param digest the image digest the approver saw; null: the approval is for the open request, whatever its digest
     * @return why it was not counted, or null if it was
     */
    String approve(String version, String to, String approver, String role, String eventId, String digest) {
        OpenGate gate = gates().stream().filter(g -> g.getVersion().equals(version) && g.getToEnvironment().equals(to))
                .findFirst().orElse(null);
        if (gate == null) {
            return "approval by " + approver + " (" + role + ") ignored: no open promotion request of " + version + " to " + to
                    + " (approvals belong to one request)";
        }
        if (digest != null && !digest.equals(gate.getDigest())) {
            // The request was made again for another build after the approver looked: the approval is not for this one.
            return "approval by " + approver + " (" + role + ") ignored: it is for digest " + digest + ", the open request of "
                    + version + " to " + to + " is for " + (gate.getDigest() == null ? "no digest" : gate.getDigest());
        }
        if (approvals(version, to).stream().anyMatch(a -> Identities.same(a.approver(), approver))) {
            return "approval by " + approver + " (" + role + ") ignored: one vote per person";
        }
        state.setApprovals(replaced(state.getApprovals(), a -> false, new GateApproval(version, to, approver, role, eventId)));
        return null;
    }

    /** The approvals of a promotion end with its request: when its gate closes, it is replaced, or the version is rolled back. */
    void endApprovals(String version, String to) {
        state.setApprovals(replaced(state.getApprovals(), a -> a.getVersion().equals(version) && a.getToEnvironment().equals(to), null));
    }

    /** @return false if this approver had no approval of this promotion to revoke */
    boolean revoke(String version, String to, String approver) {
        List<GateApproval> approvals = new ArrayList<>(state.getApprovals());
        boolean removed = approvals.removeIf(a -> a.getVersion().equals(version) && a.getToEnvironment().equals(to)
                && Identities.same(a.getApprover(), approver));
        state.setApprovals(approvals);
        return removed;
    }

    List<PromotionGate.Approval> approvals(String version, String to) {
        return state.getApprovals().stream().filter(a -> a.getVersion().equals(version) && a.getToEnvironment().equals(to))
                .map(a -> new PromotionGate.Approval(a.getApprover(), a.getRole())).toList();
    }

    /** Opens (or replaces) the gate of a version's promotion to an environment; a new request starts with no approvals. */
    OpenGate open(OpenGate gate) {
        endApprovals(gate.getVersion(), gate.getToEnvironment());
        keepOpen(gate);
        return gate;
    }

    /**
     * A PERMIT of promoting {@code version} to {@code to}: the one completion into {@code to} it allows, until
     * {@code expiresAt} (when its signed command expires).
     */
    void permit(String version, String to, String correlationId, Instant expiresAt) {
        state.setPermitted(replaced(state.getPermitted(), p -> p.getVersion().equals(version) && p.getToEnvironment().equals(to),
                new PermittedPromotion(version, to, correlationId, expiresAt)));
    }

    /**
     * Uses up the PERMIT for a completion of {@code version} into {@code environment} at {@code now}; expired PERMITs are dropped.
     *
     * @return whether there was one, unexpired; the first environment of the path needs none
     */
    boolean completionPermitted(String version, String environment, Instant now) {
        List<PermittedPromotion> permitted = new ArrayList<>(state.getPermitted());
        permitted.removeIf(p -> now.isAfter(p.getExpiresAt()));
        boolean found = permitted.removeIf(p -> p.getVersion().equals(version) && p.getToEnvironment().equals(environment));
        state.setPermitted(permitted);
        return found || Environments.before(environment).isEmpty();
    }

    /** Puts back a gate that stays open after an evaluation (its last reason updated), with its approvals. */
    void keepOpen(OpenGate gate) {
        state.setGates(replaced(state.getGates(), g -> g.getVersion().equals(gate.getVersion())
                && g.getToEnvironment().equals(gate.getToEnvironment()), gate));
    }

    void closeGate(String version, String to) {
        state.setGates(replaced(state.getGates(), g -> g.getVersion().equals(version) && g.getToEnvironment().equals(to), null));
    }

    List<OpenGate> gates() {
        return List.copyOf(state.getGates());
    }

    void watch(HealthWatch watch) {
        state.setWatches(replaced(state.getWatches(), w -> w.getEnvironment().equals(watch.getEnvironment()), watch));
    }

    void unwatch(String environment) {
        state.setWatches(replaced(state.getWatches(), w -> w.getEnvironment().equals(environment), null));
    }

    Optional<HealthWatch> watching(String environment, String version) {
        return state.getWatches().stream().filter(w -> w.getEnvironment().equals(environment) && w.getVersion().equals(version))
                .findFirst();
    }

    List<HealthWatch> watches() {
        return List.copyOf(state.getWatches());
    }

    /** Whether a gate or a watch is open: what a wall-clock sweep re-evaluates. */
    boolean timed() {
        return !state.getGates().isEmpty() || !state.getWatches().isEmpty();
    }

    /** A copy of {@code items} without those {@code gone} holds for, and {@code added} (if not null) at the end. */
    private static <T> List<T> replaced(List<T> items, Predicate<T> gone, T added) {
        List<T> out = new ArrayList<>(items);
        out.removeIf(gone);
        if (added != null) {
            out.add(added);
        }
        return out;
    }
}
