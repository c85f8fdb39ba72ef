package io.govstream.governance.deployment;

import io.govstream.events.deployment.DeployCommand;
import io.govstream.ledger.LedgerFact;

/**
 * What the gate processor forwards, in order: a fact for the ledger (an event, a decision) or an
 * unsigned deploy command that a PERMIT decision allowed (it follows that decision).
 */
public record DeploymentOutput(LedgerFact fact, DeployCommand command) {

    static DeploymentOutput fact(LedgerFact fact) {
        return new DeploymentOutput(fact, null);
    }

    static DeploymentOutput command(DeployCommand command) {
        return new DeploymentOutput(null, command);
    }

    public boolean isFact() {
        return fact != null;
    }

    public boolean isCommand() {
        return command != null;
    }
}
