package io.govstream.ledger.checkpoint;

import io.govstream.events.LedgerCheckpoint;

/** A checkpoint as read from the checkpoints topic, with its offset there (to name it in reports). */
public record CheckpointRecord(long offset, LedgerCheckpoint checkpoint) {
}
