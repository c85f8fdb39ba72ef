package io.govstream.registry.store;

/** The store could not write or read its records. */
public class StoreException extends RuntimeException {
    private final boolean timeout;

    public StoreException(String message, Throwable cause) {
        this(message, cause, false);
    }

    public StoreException(String message, Throwable cause, boolean timeout) {
        super(message, cause);
        this.timeout = timeout;
    }

    /** Whether the operation ran out of time rather than failed outright. */
    public boolean isTimeout() {
        return timeout;
    }
}
