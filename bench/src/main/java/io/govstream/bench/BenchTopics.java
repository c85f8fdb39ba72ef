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

    List<String> all() {
        return List.of(requests(), decisions(), commands(), ledger(), deadLetters(), checkpoints());
    }

    GovernanceTopics governance(boolean checkpoints) {
        return new GovernanceTopics(requests(), decisions(), commands(), ledger(), deadLetters(), null,
                checkpoints ? checkpoints() : null);
    }
}
