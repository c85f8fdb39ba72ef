package io.govstream.ledger;

/** Kafka header names the ledger writes (invariant 5: correlation travels as a header too). */
public final class LedgerHeaders {
    public static final String CORRELATION_ID = "correlation-id";
    public static final String TRACEPARENT = "traceparent";

    private LedgerHeaders() {
    }
}
