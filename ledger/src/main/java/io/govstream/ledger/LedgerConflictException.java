package io.govstream.ledger;

import java.util.Objects;

/**
 * An append named a head its partition is no longer (or never was) at: another writer appended
 * first, or the partition is not empty. Nothing of the append was written; read {@link #actual()}
 * and decide again.
 */
public final class LedgerConflictException extends RuntimeException {
    private final ChainHead expected;
    private final ChainHead actual;

    /** @param ledger names the ledger in the message, e.g. its topic */
    public LedgerConflictException(String ledger, ChainHead expected, ChainHead actual) {
        super(message(ledger, expected, actual));
        this.expected = Objects.requireNonNull(expected, "expected");
        this.actual = Objects.requireNonNull(actual, "actual");
    }

    /** The head the append named. */
    public ChainHead expected() {
        return expected;
    }

    /** The head the partition was at. */
    public ChainHead actual() {
        return actual;
    }

    private static String message(String ledger, ChainHead expected, ChainHead actual) {
        String where = ledger + " partition " + actual.partition();
        if (expected.nextSequence() == 0 && actual.nextSequence() > 0) {
            return where + " is not empty: it holds sequences 0.." + (actual.nextSequence() - 1) + " up to hash "
                    + actual.lastHashHex() + ", and the append expected an empty chain; nothing was appended";
        }
        return where + " is at " + actual + ", not at the expected " + expected + "; nothing was appended";
    }
}
