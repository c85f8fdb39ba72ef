package io.govstream.ledger;

import java.util.function.Consumer;

/**
 * A finite replay of a ledger, in order within each partition. Unlike a tail it ends: at the end
 * offsets seen when the replay began.
 */
public interface LedgerReplay {

    /** Hands every record from the first offset to the end to {@code handler}; returns how many. */
    long replayFromStart(Consumer<LedgerRecord> handler);
}
