package io.govstream.governance;

/** Candidate policy documents the shadow and what-if tests evaluate beside or instead of the shipped set. */
public final class CandidateSets {
    /** Denies the third request of a tenant/source/intent within a minute (its rule reads state). */
    public static final String RATE_LIMITED = """
            id: dispatch
            rules:
              - id: deny-burst
                match: {intent: reason}
                when: state.rate("1m") >= 2
                effect: DENY
                reason: "more than 2 a minute"
              - id: permit-reason
                match: {intent: reason}
                effect: PERMIT
                reason: "ok"
            """;

    private CandidateSets() {
    }
}
