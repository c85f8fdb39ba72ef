package io.govstream.ledger;

/** A raw ledger record as stored: where it is and its value bytes (wire format). */
public record LedgerRecord(int partition, long offset, byte[] value) {
}
