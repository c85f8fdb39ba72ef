package io.govstream.orbit.auth;

import java.util.Set;

/**
 * The roles a bearer token may carry (claim {@code roles}), and the convention for Orbit's
 * controllers: every endpoint names the roles it admits with {@code @Secured({...})} using these
 * constants. An endpoint without {@code @Secured} (and not opened in application-orbit.yml's
 * {@code intercept-url-map}, as probes and metrics are) is refused to everyone.
 */
public final class OrbitRoles {
    public static final String DISPATCHER = "dispatcher";
    public static final String DEVOPS = "devops";
    public static final String SECURITY = "security";
    public static final String AUDITOR = "auditor";
    public static final String ADMIN = "admin";
    /** Machine role: a CI system reporting checks (CheckReported). */
    public static final String CI = "ci";
    /** Machine role: a monitor reporting health (HealthReported) and asking for rollbacks. */
    public static final String MONITOR = "monitor";
    /** Machine role: a deployer reporting what it did (DeploymentCompleted, TrafficSwitched, RollbackCompleted). */
    public static final String DEPLOYER = "deployer";
    public static final Set<String> ALL = Set.of(DISPATCHER, DEVOPS, SECURITY, AUDITOR, ADMIN, CI, MONITOR, DEPLOYER);
    /** People: only they request promotions and vote. */
    public static final Set<String> HUMAN = Set.of(DEVOPS, SECURITY);

    /** The roles that may report a deployment event of {@code type} (a DeploymentEvent record name). */
    public static Set<String> reporting(String type) {
        return switch (type) {
            case "PromotionRequested" -> Set.of(DEVOPS);
            case "ApprovalGranted", "ApprovalRevoked" -> HUMAN;
            case "CheckReported" -> Set.of(CI);
            case "HealthReported" -> Set.of(MONITOR);
            case "DeploymentCompleted", "TrafficSwitched", "RollbackCompleted" -> Set.of(DEPLOYER);
            case "RollbackRequested" -> Set.of(DEVOPS, SECURITY, MONITOR);
            default -> Set.of();
        };
    }

    private OrbitRoles() {
    }
}
