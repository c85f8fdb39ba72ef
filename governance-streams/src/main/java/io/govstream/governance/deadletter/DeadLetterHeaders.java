package io.govstream.governance.deadletter;

/** Headers of a dead letter: why it failed and where it came from (invariant 6). */
public final class DeadLetterHeaders {
    public static final String ERROR = "dlq.error";
    public static final String SOURCE_TOPIC = "dlq.source.topic";
    public static final String SOURCE_PARTITION = "dlq.source.partition";
    public static final String SOURCE_OFFSET = "dlq.source.offset";

    private DeadLetterHeaders() {
    }
}
