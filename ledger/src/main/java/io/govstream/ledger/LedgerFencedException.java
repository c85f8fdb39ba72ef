package io.govstream.ledger;

/**
 * A newer writer with the same writer id took over the ledger ({@link KafkaLedgerStore}): this one
 * is a zombie. Nothing of the append that failed was committed, and the store refuses every later
 * append; the process that owns it should stop writing.
 */
public final class LedgerFencedException extends RuntimeException {
    public LedgerFencedException(String message, Throwable cause) {
        super(message, cause);
    }
}
