package io.govstream.bench;

import io.govstream.governance.GovernanceTopics;
import java.util.List;

/** Fresh topics per run, so runs never read each other's records. */
record BenchTopics(String prefix) {
    String requests() {
        return prefix + ".requests";
    }

    String decisions() {
        return prefix + ".decisions";
    }

    String commands() {
        return prefix + ".commands";
    }

    String ledger() {
        return prefix + ".ledger";
    }

    String deadLetters() {
        return prefix + ".dead-letters";
    }

    String checkpoints() {
        return prefix + ".checkpoints";
    }

    String deployments() {
        return prefix + ".deployments";
    }

    String deployCommands() {
        return prefix + ".deploy-commands";
    }

    /** Every topic of the shipped shape: the governance topology reads all its inputs, as in production. */
    List<String> all() {
        List<String> all = new java.util.ArrayList<>(List.of(requests(), decisions(), commands(), ledger(), deadLetters(), checkpoints(),
                deployments(), deployCommands()));
        GovernanceTopics governance = governance();
        all.addAll(List.of(governance.policies(), governance.approvals(), governance.ledgerKeys(), governance.ledgerErasures(),
                governance.flags(), governance.shadowDecisions(), governance.axonRefusals(), governance.externalRequests()));
        return all;
    }

    GovernanceTopics governance() {
        return new GovernanceTopics(requests(), decisions(), commands(), ledger(), deadLetters(), prefix + ".policies", checkpoints(),
                prefix + ".approvals", prefix + ".ledger-keys", prefix + ".ledger-erasures", prefix + ".flags", prefix + ".shadow-decisions",
                prefix + ".axon-refusals", prefix + ".external-requests");
    }
}
