package io.govstream.topology;

import org.apache.kafka.common.resource.PatternType;

/** Literal names, or prefixes for families of names (Streams internal topics, transactional ids). */
public enum PatternKind {
    LITERAL(PatternType.LITERAL),
    PREFIXED(PatternType.PREFIXED);

    private final PatternType kafkaType;

    PatternKind(PatternType kafkaType) {
        this.kafkaType = kafkaType;
    }

    public PatternType kafkaType() {
        return kafkaType;
    }
}
