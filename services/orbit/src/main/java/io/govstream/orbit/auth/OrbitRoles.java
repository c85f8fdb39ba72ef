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
    public static final Set<String> ALL = Set.of(DISPATCHER, DEVOPS, SECURITY, AUDITOR, ADMIN);

    private OrbitRoles() {
    }
}
