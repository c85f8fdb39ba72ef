package io.govstream.axon.work;

import io.govstream.events.DeadLetter;
import io.govstream.events.DispatchCommand;
import io.govstream.events.Envelope;
import io.govstream.schemas.Envelopes;
import io.govstream.schemas.serde.AvroSerde;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a command whose work failed transiently goes: back onto the retry topic with the next
 * attempt number and its not-before time, or, after the last attempt, to the dead letters.
 * Also holds back retry-topic partitions whose next record is not due yet, so later retries
 * wait in order. Everything it writes goes through the worker's transaction.
 */
final class RetryRouter {
    private static final Logger LOG = LoggerFactory.getLogger(RetryRouter.class);

    /** The worker's current producer (it replaces one the broker fenced). */
    private final Supplier<Producer<String, byte[]>> producer;
    private final AvroSerde<DeadLetter> deadLetters;
    private final RetrySchedule schedule;
    private final String retryTopic;
    private final String deadLettersTopic;
    private final WorkMeters meters;
    private final Map<TopicPartition, Instant> pausedUntil = new HashMap<>();

    RetryRouter(Supplier<Producer<String, byte[]>> producer, AvroSerde<DeadLetter> deadLetters, RetrySchedule schedule,
                String retryTopic, String deadLettersTopic, WorkMeters meters) {
        this.producer = producer;
        this.deadLetters = deadLetters;
        this.schedule = schedule;
        this.retryTopic = retryTopic;
        this.deadLettersTopic = deadLettersTopic;
        this.meters = meters;
    }

    String retryTopic() {
        return retryTopic;
    }

    /**
     * True if {@code record} is a retry whose time has not come: its partition is then rewound
     * to it and paused until it is due, and the caller stops reading that partition in this poll.
     */
    boolean holdIfNotDue(Consumer<?, ?> consumer, ConsumerRecord<String, byte[]> record, Instant now) {
        Instant notBefore = RetrySchedule.notBeforeOf(record.headers());
        if (!record.topic().equals(retryTopic) || !notBefore.isAfter(now)) {
            return false;
        }
        TopicPartition p = new TopicPartition(record.topic(), record.partition());
        consumer.seek(p, record.offset());
        consumer.pause(List.of(p));
        pausedUntil.put(p, notBefore);
        return true;
    }

    /** Resumes the partitions whose held-back retry is due. */
    void resumeDue(Consumer<?, ?> consumer, Instant now) {
        List<TopicPartition> due = pausedUntil.entrySet().stream()
                .filter(e -> !e.getValue().isAfter(now)).map(Map.Entry::getKey).toList();
        if (!due.isEmpty()) {
            due.forEach(pausedUntil::remove);
            consumer.resume(due);
        }
    }

    /** Partitions taken away by a rebalance are no longer held here. */
    void revoked(Collection<TopicPartition> partitions) {
        partitions.forEach(pausedUntil::remove);
    }

    /** False if the record was on its last attempt: the caller then fails it and calls {@link #deadLetter}. */
    boolean canRetry(ConsumerRecord<String, byte[]> record) {
        return !schedule.exhausted(attemptOf(record));
    }

    /** Puts the command onto the retry topic with the next attempt number and its not-before time. */
    void retryLater(DispatchCommand command, ConsumerRecord<String, byte[]> record, String why) {
        int attempt = attemptOf(record);
        Instant notBefore = schedule.next(attempt, Instant.now());
        LOG.warn("Command {} ({}) attempt {} failed: {}; next attempt not before {}", command.getCommandId(), command.getIntent(),
                attempt, why, notBefore);
        ProducerRecord<String, byte[]> again = new ProducerRecord<>(retryTopic, null, record.key(), record.value(), record.headers());
        RetrySchedule.stamp(again.headers(), attempt + 1, notBefore);
        producer.get().send(again);
        meters.retried();
    }

    /** The reason a command on its last attempt failed for good. */
    String gaveUp(ConsumerRecord<String, byte[]> record, String why) {
        return "gave up after " + attemptOf(record) + " attempts: " + why;
    }

    /**
     * The record's attempt: as stamped on the retry topic, which only Axon writes; 1 on the commands topic, whatever its
     * headers say (governance-streams passes a request's headers on to its command, and a producer chooses those).
     */
    int attemptOf(ConsumerRecord<String, byte[]> record) {
        return record.topic().equals(retryTopic) ? RetrySchedule.attemptOf(record.headers()) : 1;
    }

    /** A dead letter with the reason, the source coordinates and the command's bytes. */
    void deadLetter(DispatchCommand command, ConsumerRecord<String, byte[]> record, String reason) {
        Envelope in = command.getEnvelope();
        DeadLetter letter = DeadLetter.newBuilder()
                .setEnvelope(Envelopes.causedBy(in, Envelopes.newEventId(), ResultWriter.PRODUCER, Instant.now()))
                .setSourceTopic(record.topic())
                .setSourcePartition(record.partition())
                .setSourceOffset(record.offset())
                .setErrorType("axon-gave-up")
                .setErrorMessage(reason)
                .setKey(record.key() == null ? null : ByteBuffer.wrap(record.key().getBytes(StandardCharsets.UTF_8)))
                .setValue(ByteBuffer.wrap(record.value()))
                .build();
        producer.get().send(new ProducerRecord<>(deadLettersTopic, in.getCorrelationId(), deadLetters.encode(deadLettersTopic, letter)));
        meters.deadLettered();
    }
}
