package io.govstream.governance;

import io.govstream.events.DeadLetter;
import io.govstream.governance.deadletter.DeadLetterDeserializationHandler;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.LogAndFailProcessingExceptionHandler;

/**
 * The {@link Properties} governance-streams runs with: the caller's Kafka client properties
 * (bootstrap servers, security, tuning) passed through, then what the platform fixes and no
 * caller may change.
 *
 * <ul>
 *   <li>{@code application.id}: {@value #APPLICATION_ID} unless given (tests use unique ids);</li>
 *   <li>{@code processing.guarantee=exactly_once_v2} (invariant 2), always;</li>
 *   <li>{@code state.dir}: the given directory, under the platform's data dir (invariant 8);</li>
 *   <li>{@code deserialization.exception.handler}: {@link DeadLetterDeserializationHandler}, which
 *       logs and dead-letters instead of stopping; with byte-array sources it practically never
 *       fires (poison pills are caught inside the topology);</li>
 *   <li>{@code processing.exception.handler}: log-and-fail, always: an exception inside the
 *       topology (above all a ledger append) must fail the task and abort its transaction,
 *       never skip the record.</li>
 * </ul>
 */
public final class GovernanceStreamsConfig {
    public static final String APPLICATION_ID = "governance-streams";

    private GovernanceStreamsConfig() {
    }

    /**
     * @param deadLetterTopic      where the deserialization handler sends dead letters, or null to only log
     * @param deadLetterSerde      serde of those dead letters, or null to only log
     */
    public static Properties properties(Map<String, ?> clientProperties, Path stateDir, String deadLetterTopic, Serde<DeadLetter> deadLetterSerde) {
        Objects.requireNonNull(clientProperties, "clientProperties");
        Objects.requireNonNull(stateDir, "stateDir");
        Properties props = new Properties();
        props.putAll(clientProperties);
        props.putIfAbsent(StreamsConfig.APPLICATION_ID_CONFIG, APPLICATION_ID);
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toAbsolutePath().toString());
        // A crashed instance's partitions move to a live one after the session timeout: 10 s, not
        // the consumer's 45 s default, bounds how long decisions stall after a kill -9.
        props.putIfAbsent(StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), 10_000);
        props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterDeserializationHandler.class.getName());
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, LogAndFailProcessingExceptionHandler.class.getName());
        // The same log-and-fail rule for global state too (Kafka 5.0's default; no warning at start).
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
        // The partition assignor rebuilds Streams' settings from the main consumer's alone, so it saw the default
        // (false) and warned at every start that the handler is off: it reads the same value from there too.
        props.put(StreamsConfig.mainConsumerPrefix(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG), true);
        if (deadLetterTopic != null && deadLetterSerde != null) {
            props.put(DeadLetterDeserializationHandler.TOPIC_CONFIG, deadLetterTopic);
            props.put(DeadLetterDeserializationHandler.SERIALIZER_CONFIG, deadLetterSerde.serializer());
        }
        return props;
    }
}
