package io.govstream.ledger;

/** The ledger could not be read to its end. */
public final class LedgerReadException extends RuntimeException {
    public LedgerReadException(String message) {
        super(message);
    }

    public LedgerReadException(String message, Throwable cause) {
        super(message, cause);
    }
}
