package io.govstream.policy;

import java.time.Instant;

/**
 * What the {@code state} counts are kept per: (tenant, source, intent) for rates and daily counts,
 * (tenant, source) for recent denials, each optionally narrowed to the request's subject
 * ({@code state.ofSubject()}). Parts are length-prefixed, so no tenant, source, intent or subject can
 * make another's key, and a scope with a subject never equals or range-overlaps one without (a store
 * bucket's suffix starts with '@'). The decision task's stores and the what-if replay key their
 * counts the same way; the stores put the subject's pseudonym in the key, never the identifier.
 */
public final class StateScopes {
    private StateScopes() {
    }

    /** (tenant, source, intent), plus {@code subjectKey} unless it is null. */
    public static String request(PolicyInput request, String subjectKey) {
        String scope = part(request.tenant()) + part(request.source()) + part(request.intent());
        return subjectKey == null ? scope : scope + part(subjectKey);
    }

    /** (tenant, source), plus {@code subjectKey} unless it is null. */
    public static String source(PolicyInput request, String subjectKey) {
        String scope = part(request.tenant()) + part(request.source());
        return subjectKey == null ? scope : scope + part(subjectKey);
    }

    /** The UTC day of {@code now}, as days since the epoch: daily counts reset at midnight UTC. */
    public static long day(Instant now) {
        return Math.floorDiv(now.getEpochSecond(), 86_400L);
    }

    private static String part(String value) {
        String v = value == null ? "" : value;
        return v.length() + ":" + v + "|";
    }
}
