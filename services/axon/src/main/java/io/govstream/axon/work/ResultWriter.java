package io.govstream.axon.work;

import io.govstream.events.DispatchCommand;
import io.govstream.events.DispatchResult;
import io.govstream.events.DispatchStatus;
import io.govstream.events.Envelope;
import io.govstream.schemas.EventHeaders;
import io.govstream.schemas.Envelopes;
import io.govstream.schemas.serde.AvroSerde;
import java.time.Instant;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Writes a command's result, keyed by correlation id, through the worker's transactional
 * producer (the current one: the worker replaces a producer the broker fenced): it commits with the
 * consumed offsets or not at all.
 */
record ResultWriter(Supplier<Producer<String, byte[]>> producer, AvroSerde<DispatchResult> results, String resultsTopic, String worker) {
    /** The producer of every envelope Axon writes. */
    static final String PRODUCER = "axon";

    /**
     * The result of {@code command}, as written to the results topic.
     *
     * @param traceparent the span that handled the command
     */
    DispatchResult write(DispatchCommand command, DispatchStatus status, String output, String error, Instant started,
                         String traceparent) {
        DispatchResult result = result(command, status, output, error, started, traceparent);
        write(resultsTopic, result);
        return result;
    }

    DispatchResult result(DispatchCommand command, DispatchStatus status, String output, String error, Instant started,
                          String traceparent) {
        return DispatchResult.newBuilder()
                .setEnvelope(Envelopes.nextHop(command.getEnvelope(), Envelopes.newEventId(), PRODUCER, Instant.now(), traceparent))
                .setCommandId(command.getCommandId())
                .setWorker(worker)
                .setStatus(status)
                .setOutput(output)
                .setError(error)
                .setStartedAt(started)
                .setFinishedAt(Instant.now())
                .build();
    }

    /** Writes {@code result} to {@code topic}, keyed by its correlation id, with the trace headers. */
    void write(String topic, DispatchResult result) {
        Envelope envelope = result.getEnvelope();
        ProducerRecord<String, byte[]> out = new ProducerRecord<>(topic, envelope.getCorrelationId(), results.encode(topic, result));
        EventHeaders.put(out.headers(), envelope.getCorrelationId(), envelope.getTraceparent());
        producer.get().send(out);
    }
}
