package io.govstream.governance.policy;

/** A policy document that cannot be used, with where and what is wrong. */
public final class PolicyLoadException extends RuntimeException {
    public PolicyLoadException(String message) {
        super(message);
    }

    public PolicyLoadException(String message, Throwable cause) {
        super(message, cause);
    }
}
