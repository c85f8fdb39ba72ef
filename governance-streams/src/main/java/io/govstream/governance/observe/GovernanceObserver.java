package io.govstream.governance.observe;

import io.govstream.events.DeadLetter;
import io.govstream.events.DispatchRequested;
import io.govstream.events.GovernanceDecision;
import io.govstream.events.ShadowDecision;
import io.govstream.events.deployment.DeploymentDecision;

/**
 * Hears what the topology decides, for metrics. Called on the stream thread: implementations
 * must be quick and must not throw. Under exactly-once a record may be processed again after
 * an aborted transaction, so counts are at-least-once.
 */
public interface GovernanceObserver {

    /** A request was decided. */
    default void decided(DispatchRequested request, GovernanceDecision decision) {
    }

    /** A shadow policy set was evaluated beside the active one (never enforced). */
    default void shadowDecided(ShadowDecision shadow) {
    }

    /** An input record could not be decoded and went to the dead-letter topic. */
    default void deadLettered(DeadLetter letter) {
    }

    /**
     * The deployment gate decided (a promotion, a rollback, a refused completion); called in the
     * transaction that ledgers it, before it commits.
     */
    default void deploymentDecided(DeploymentDecision decision) {
    }
}
