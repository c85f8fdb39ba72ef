package io.govstream.ledger;

/** The ledger could not be read to its end. */
public final class LedgerReadException extends RuntimeException {
    private final boolean topicMissing;

    public LedgerReadException(String message) {
        this(message, null, false);
    }

    public LedgerReadException(String message, Throwable cause) {
        this(message, cause, false);
    }

    private LedgerReadException(String message, Throwable cause, boolean topicMissing) {
        super(message, cause);
        this.topicMissing = topicMissing;
    }

    static LedgerReadException topicMissing(String topic) {
        return new LedgerReadException("Ledger topic " + topic + " does not exist or has no partitions", null, true);
    }

    /** Whether the topic read does not exist (or has no partitions): nothing was ever written to it. */
    public boolean topicMissing() {
        return topicMissing;
    }
}
