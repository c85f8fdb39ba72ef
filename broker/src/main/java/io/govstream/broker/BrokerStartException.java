package io.govstream.broker;

/** The embedded broker could not be started; the message says why in terms a user can act on. */
public final class BrokerStartException extends RuntimeException {

    public BrokerStartException(String message, Throwable cause) {
        super(message, cause);
    }

    public BrokerStartException(String message) {
        super(message);
    }
}
