package io.govstream.governance.deadletter;

import io.govstream.events.DeadLetter;
import io.govstream.governance.dispatch.DispatchDecider;
import io.govstream.schemas.Envelopes;
import io.govstream.schemas.EventHeaders;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.common.header.Headers;

/** Builds dead letters and their headers. */
public final class DeadLetters {
    /** Tenant of a dead letter whose record was too broken to name one. */
    public static final String UNKNOWN_TENANT = "unknown";

    private DeadLetters() {
    }

    /**
     * The event id is derived from the source position, so the same bad record always yields the
     * same dead-letter id, however often it is reprocessed.
     */
    public static DeadLetter of(String topic, int partition, long offset, byte[] key, byte[] value,
                                String errorType, String errorMessage, Headers sourceHeaders, Instant now) {
        String eventId = Envelopes.derivedId("govstream-dead-letter:" + topic + "/" + partition + "/" + offset);
        String correlationId = EventHeaders.get(sourceHeaders, EventHeaders.CORRELATION_ID);
        return DeadLetter.newBuilder()
                .setEnvelope(Envelopes.origin(eventId, correlationId == null || correlationId.isBlank() ? eventId : correlationId,
                        UNKNOWN_TENANT, DispatchDecider.PRODUCER, now, EventHeaders.get(sourceHeaders, EventHeaders.TRACEPARENT)))
                .setSourceTopic(topic)
                .setSourcePartition(partition)
                .setSourceOffset(offset)
                .setErrorType(errorType)
                .setErrorMessage(errorMessage)
                .setKey(key == null ? null : ByteBuffer.wrap(key))
                .setValue(value == null ? null : ByteBuffer.wrap(value))
                .build();
    }

    /** Adds the dlq.* headers to {@code headers} (which keep the source record's others). */
    public static void addHeaders(Headers headers, DeadLetter letter) {
        headers.add(DeadLetterHeaders.ERROR, (letter.getErrorType() + ": " + letter.getErrorMessage()).getBytes(StandardCharsets.UTF_8));
        headers.add(DeadLetterHeaders.SOURCE_TOPIC, letter.getSourceTopic().getBytes(StandardCharsets.UTF_8));
        headers.add(DeadLetterHeaders.SOURCE_PARTITION, Integer.toString(letter.getSourcePartition()).getBytes(StandardCharsets.UTF_8));
        headers.add(DeadLetterHeaders.SOURCE_OFFSET, Long.toString(letter.getSourceOffset()).getBytes(StandardCharsets.UTF_8));
    }
}
