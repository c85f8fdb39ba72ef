package io.govstream.topology.plan;

/** Planning or applying failed; the message says which step and why. */
public class TopologyException extends RuntimeException {

    public TopologyException(String message, Throwable cause) {
        super(message, cause);
    }
}
