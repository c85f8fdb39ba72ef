package io.govstream.bench;

import io.govstream.topology.Topics;
import java.util.List;

/** Fresh topics per run, so runs never read each other's records: the shipped catalogue's, each name prefixed. */
record BenchTopics(String prefix, Topics governance) {
    BenchTopics(String prefix) {
        this(prefix, Topics.prefixed(prefix + "."));
    }

    String requests() {
        return governance().dispatchRequests();
    }

    String decisions() {
        return governance().decisions();
    }

    String commands() {
        return governance().axonCommands();
    }

    String ledger() {
        return governance().ledger();
    }

    String deadLetters() {
        return governance().deadLetters();
    }

    String checkpoints() {
        return governance().ledgerCheckpoints();
    }

    /** Every topic of the shipped shape: the governance topology reads all its inputs, as in production. */
    List<String> all() {
        return governance().all();
    }
}
