package io.govstream.orbit.dispatch;

/** Where a dispatch stands, as Orbit answers callers. */
public enum DispatchStatus {
    /** Submitted; governance has not decided yet. */
    PENDING,
    /** Governance permitted it; the worker has not reported yet. */
    PERMITTED,
    /** Governance denied it; see the reason. */
    DENIED,
    /** Governance escalated it to people; waiting for their approval. */
    ESCALATED,
    /** The worker finished it successfully. */
    COMPLETED,
    /** The worker tried and failed. */
    FAILED;

    public boolean isFinal() {
        return this == DENIED || this == COMPLETED || this == FAILED;
    }
}
