package io.govstream.ledger;

/**
 * Where an appender finds a partition's head when its store has none (a fresh or lost store,
 * a ledger restored from a backup) or only a version-1 head without a Merkle frontier.
 */
@FunctionalInterface
public interface LedgerHeadRecovery {

    /** An empty store means an empty chain: right only while the ledger topic is empty too. */
    LedgerHeadRecovery NONE = LedgerHead::genesis;

    /**
     * The head of {@code partition}'s chain as the ledger topic holds it (genesis if empty).
     *
     * @throws LedgerReadException if the ledger cannot be read or the partition does not verify:
     *                             an appender must never extend a broken chain
     */
    LedgerHead recover(int partition);
}
