package io.govstream.ledger;

/** What is wrong with a ledger record found during verification. */
public enum ProblemKind {
    /** The entry's hash does not match its content, or its payloadHash does not match its payload. */
    MODIFIED,
    /** The sequence jumps: one or more entries before this one are gone. */
    MISSING,
    /** The sequence goes back or repeats: an entry was re-sent or the chain was reordered. */
    REORDERED_OR_DUPLICATE,
    /** A valid-looking entry at the expected sequence whose prevHash does not link to its predecessor. */
    INJECTED,
    /** The record is not a LedgerEntry at all. */
    UNDECODABLE,
    /** The entry claims a chain other than the partition it is stored in. */
    WRONG_PARTITION,
    /** A checkpoint whose signature does not verify with the trusted public key(s): forged or altered. */
    CHECKPOINT_FORGED,
    /** A signed checkpoint that is malformed: wrong ledger topic, or its frontier does not fold to its root. */
    CHECKPOINT_MALFORMED,
    /** A signed checkpoint whose root or chain head differs from the ones recomputed from the ledger. */
    CHECKPOINT_MISMATCH,
    /** Two consecutive checkpoints of a partition for which no consistency proof holds: not append-only. */
    CHECKPOINT_INCONSISTENT,
    /** A signed checkpoint covers more entries than the partition holds: entries vanished from its end. */
    CHECKPOINT_BEYOND_LEDGER,
    /**
     * Entries older than the allowed lag that no verified checkpoint covers: checkpoints were deleted,
     * never signed, or the ledger was rewritten without its signer. A verification with nothing to
     * verify against is a failure, not a pass.
     */
    CHECKPOINT_MISSING,
    /**
     * Witnesses were required and no verified checkpoint of the partition is cosigned by a quorum of
     * them: the view of the ledger being verified may not be the one everybody else sees.
     */
    CHECKPOINT_UNWITNESSED
}
