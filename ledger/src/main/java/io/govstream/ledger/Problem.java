package io.govstream.ledger;

/** One problem, located by ledger partition and offset. */
public record Problem(int partition, long offset, ProblemKind kind, String message) {

    @Override
    public String toString() {
        return kind + " at partition " + partition + " offset " + offset + ": " + message;
    }
}
