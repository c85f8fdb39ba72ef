package io.govstream.ledger;

/** A raw record as stored: where it is, its value bytes (wire format) and its key bytes (null if it has none). */
public record LedgerRecord(int partition, long offset, byte[] value, byte[] key) {

    public LedgerRecord(int partition, long offset, byte[] value) {
        this(partition, offset, value, null);
    }
}
