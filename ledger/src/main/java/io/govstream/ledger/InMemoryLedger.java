package io.govstream.ledger;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** A ledger held in a list, in the order records were added: for tests and exports. */
public final class InMemoryLedger implements LedgerReplay {
    private final List<LedgerRecord> records = new ArrayList<>();

    public synchronized void add(LedgerRecord record) {
        records.add(record);
    }

    @Override
    public synchronized long replayFromStart(Consumer<LedgerRecord> handler) {
        List<LedgerRecord> snapshot = List.copyOf(records);
        snapshot.forEach(handler);
        return snapshot.size();
    }
}
