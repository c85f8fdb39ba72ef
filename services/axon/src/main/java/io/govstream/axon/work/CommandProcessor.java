package io.govstream.axon.work;

import io.govstream.events.DispatchCommand;
import io.govstream.events.DispatchStatus;
import io.govstream.events.Envelope;
import io.govstream.runtime.commands.CommandSeal;
import io.govstream.runtime.logging.EventMdc;
import io.govstream.runtime.tracing.Tracing;
import io.govstream.schemas.EventHeaders;
import io.opentelemetry.api.trace.SpanKind;
import io.govstream.schemas.serde.AvroSerde;
import io.micrometer.core.instrument.Timer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One command record inside the worker's transaction: decode, check (signature, expiry, replay),
 * do the work, then write its result, or route it to the retry topic or the dead letters.
 * Remembers the commands it admitted in the current transaction, so an abort can forget them.
 */
final class CommandProcessor {
    /** The span of one command's handling. */
    static final String SPAN = "execute command";
    private static final Logger LOG = LoggerFactory.getLogger(CommandProcessor.class);

    private final AvroSerde<DispatchCommand> commands;
    private final CommandGate gate;
    private final Refusals refusals;
    private final Map<String, IntentHandler> handlers;
    private final ResilientWork work;
    private final RetryRouter retries;
    private final ResultWriter results;
    private final WorkMeters meters;
    private final Tracing tracing;
    private final CommandRouting routing;
    private final List<DispatchCommand> admitted = new ArrayList<>();

    /**
     * @param routing where each command's record belongs; a record elsewhere is refused before the gate marks anything seen
     * @param tracing a span per command, child of the command's traceparent; its result carries the span's
     */
    CommandProcessor(AvroSerde<DispatchCommand> commands, CommandGate gate, Refusals refusals, Map<String, IntentHandler> handlers,
                     ResilientWork work, RetryRouter retries, ResultWriter results, WorkMeters meters, CommandRouting routing,
                     Tracing tracing) {
        this.routing = routing;
        this.commands = commands;
        this.gate = gate;
        this.refusals = refusals;
        this.handlers = Map.copyOf(handlers);
        this.work = work;
        this.retries = retries;
        this.results = results;
        this.meters = meters;
        this.tracing = tracing;
    }

    /** A new transaction begins: nothing admitted in it yet. */
    void begin() {
        admitted.clear();
    }

    /** The transaction aborted: its admitted commands were not done, their redelivery must be. */
    void aborted() {
        admitted.forEach(gate::forget);
        admitted.clear();
    }

    void process(ConsumerRecord<String, byte[]> record) {
        DispatchCommand command;
        try {
            command = commands.decodeEvent(record.topic(), record.value());
        } catch (SerializationException e) {
            // The record stays in the topic for inspection; Axon writes only results, retries and dead letters.
            LOG.error("Skipping undecodable command {}-{}@{}: {}", record.topic(), record.partition(), record.offset(),
                    e.getMessage());
            meters.undecodable();
            return;
        }
        Envelope in = command.getEnvelope();
        String parent = in.getTraceparent() != null ? in.getTraceparent() : EventHeaders.get(record.headers(), EventHeaders.TRACEPARENT);
        try (Tracing.Hop hop = tracing.start(SPAN, SpanKind.CONSUMER, parent);
             EventMdc mdc = EventMdc.of(in.getCorrelationId(), in.getTenant(), hop.traceparent())) {
            hop.attribute(Tracing.CORRELATION_ID, in.getCorrelationId()).attribute(Tracing.TENANT, in.getTenant())
                    .attribute(Tracing.INTENT, command.getIntent()).attribute(Tracing.MESSAGING_SYSTEM, "kafka")
                    .attribute(Tracing.MESSAGING_DESTINATION, record.topic());
            try {
                hop.attribute(Tracing.STATUS, process(command, record, hop.traceparent()));
            } catch (RuntimeException e) {
                // The transaction aborts and the command comes again: the span says why this attempt ended.
                hop.failed(e);
                throw e;
            }
        }
    }

    /** @return the result's status, or RETRY when the command went to the retry topic */
    private String process(DispatchCommand command, ConsumerRecord<String, byte[]> record, String traceparent) {
        Instant started = Instant.now();
        CommandSeal.Refusal refusal = routing.routed(record, command) ? gate.admit(command, started) : CommandSeal.Refusal.MISROUTED;
        if (refusal != null) {
            refusals.refuse(command, refusal, started, traceparent);
            return DispatchStatus.REFUSED.name();
        }
        admitted.add(command);
        DispatchStatus status;
        String output = "{}";
        String error = null;
        IntentHandler handler = handlers.get(command.getIntent());
        Timer.Sample sample = Timer.start(meters.registry());
        if (handler == null) {
            status = DispatchStatus.FAILED;
            error = "Axon does not support intent '" + command.getIntent() + "' (supported: " + handlers.keySet() + ")";
        } else {
            try {
                output = work.run(handler, command);
                status = DispatchStatus.SUCCEEDED;
            } catch (IllegalArgumentException e) {
                status = DispatchStatus.FAILED;
                error = e.getClass().getSimpleName() + ": " + e.getMessage();
            } catch (ResilientWork.NotNow e) {
                if (retries.canRetry(record)) {
                    // Not done until the retry is: the next attempt must pass the gate again.
                    gate.forget(command);
                    admitted.remove(command);
                    retries.retryLater(command, record, e.getMessage());
                    return "RETRY";
                }
                status = DispatchStatus.FAILED;
                error = retries.gaveUp(record, e.getMessage());
                retries.deadLetter(command, record, error);
            }
        }
        sample.stop(meters.workDuration(command.getIntent(), status));
        meters.commands(command.getIntent(), status).increment();
        if (status == DispatchStatus.FAILED) {
            LOG.warn("Command {} ({}) failed: {}", command.getCommandId(), command.getIntent(), error);
        } else {
            LOG.info("Command {} ({}) {}", command.getCommandId(), command.getIntent(), status);
        }
        results.write(command, status, output, error, started, traceparent);
        return status.name();
    }
}
