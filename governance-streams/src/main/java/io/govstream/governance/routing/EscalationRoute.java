package io.govstream.governance.routing;

import java.time.Instant;
import java.util.Objects;

/**
 * Where an escalation is held (its tenant's task) and until when it takes votes. Crosses the
 * {@value ScopeRouting#ESCALATION_ROUTES} repartition topic and sits in {@value VoteRouter#STORE}
 * as {@code <deadline epoch millis>:<tenant>}.
 */
public record EscalationRoute(String tenant, Instant deadline) {
    public EscalationRoute {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(deadline, "deadline");
    }

    String encode() {
        return deadline.toEpochMilli() + ":" + tenant;
    }

    static EscalationRoute decode(String encoded) {
        int colon = encoded.indexOf(':');
        return new EscalationRoute(encoded.substring(colon + 1), Instant.ofEpochMilli(Long.parseLong(encoded.substring(0, colon))));
    }
}
