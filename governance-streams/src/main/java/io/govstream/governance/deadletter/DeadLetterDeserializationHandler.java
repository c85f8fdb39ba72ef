package io.govstream.governance.deadletter;

import io.govstream.events.DeadLetter;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The outer layer of poison-pill handling (STYLE #4): a record Kafka Streams itself cannot
 * deserialize is logged with topic, partition and offset and sent, as a {@link DeadLetter}, to
 * the dead-letter topic; processing resumes. The governance topology reads its input as bytes
 * and decodes inside (the inner layer), so this fires only for records that break the byte-array
 * deserializers, which in practice means never; it is configured anyway so that a future source
 * with a typed serde cannot stop the pipeline (invariant 6).
 *
 * <p>Configured with {@link #TOPIC_CONFIG} (the dead-letter topic name) and
 * {@link #SERIALIZER_CONFIG} (a {@code Serializer<DeadLetter>} instance); without them it only
 * logs and resumes.
 */
public final class DeadLetterDeserializationHandler implements DeserializationExceptionHandler {
    public static final String TOPIC_CONFIG = "govstream.dead-letters.topic";
    public static final String SERIALIZER_CONFIG = "govstream.dead-letters.serializer";
    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterDeserializationHandler.class);

    private String topic;
    private Serializer<DeadLetter> serializer;

    @Override
    @SuppressWarnings("unchecked")
    public void configure(Map<String, ?> configs) {
        topic = Objects.toString(configs.get(TOPIC_CONFIG), null);
        serializer = configs.get(SERIALIZER_CONFIG) instanceof Serializer<?> ser ? (Serializer<DeadLetter>) ser : null;
    }

    @Override
    public Response handleError(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception exception) {
        LOG.warn("Cannot deserialize the record at {}-{}@{} (processor {}): {}; sending it to {}", context.topic(),
                context.partition(), context.offset(), context.processorNodeId(), exception.toString(),
                topic == null ? "nowhere (no dead-letter topic configured)" : topic);
        if (topic == null || serializer == null) {
            return Response.resume();
        }
        DeadLetter letter = DeadLetters.of(context.topic(), context.partition(), context.offset(), record.key(), record.value(),
                exception.getClass().getName(), String.valueOf(exception.getMessage()), record.headers(),
                Instant.now());
        RecordHeaders headers = new RecordHeaders(record.headers().toArray());
        DeadLetters.addHeaders(headers, letter);
        return Response.resume(List.of(new ProducerRecord<>(topic, null, record.key(), serializer.serialize(topic, letter), headers)));
    }
}
