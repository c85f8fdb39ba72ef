package io.govstream.orbit.auth;

import io.micronaut.security.authentication.Authentication;
import java.util.Collection;
import java.util.List;

/**
 * The tenants a bearer token speaks for: claim {@value #CLAIM}, a list of tenant names, or
 * {@value #ALL} for every tenant (an operator's or auditor's token). A token without the claim
 * speaks for no tenant: it can neither dispatch nor read a dispatch.
 */
public final class Tenancy {
    public static final String CLAIM = "tenants";
    public static final String ALL = "*";

    private Tenancy() {
    }

    /** The tenants {@code caller}'s token names (empty when it names none). */
    public static List<String> of(Authentication caller) {
        Object claim = caller.getAttributes().get(CLAIM);
        if (claim instanceof Collection<?> values) {
            return values.stream().map(String::valueOf).toList();
        }
        return claim == null ? List.of() : List.of(String.valueOf(claim));
    }

    /** Whether {@code caller} may act for {@code tenant}. */
    public static boolean allows(Authentication caller, String tenant) {
        List<String> tenants = of(caller);
        return tenant != null && (tenants.contains(ALL) || tenants.contains(tenant));
    }
}
