package io.govstream.axon.work;

import io.govstream.events.DeadLetter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import io.govstream.runtime.commands.CommandSeal;
import io.govstream.runtime.commands.NonceStore;
import java.nio.file.Path;
import java.util.ArrayList;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import io.govstream.events.DispatchCommand;
import io.govstream.events.DispatchResult;
import io.govstream.events.DispatchStatus;
import io.govstream.events.Envelope;
import io.govstream.runtime.KafkaClientSettings;
import io.govstream.runtime.KafkaHeaders;
import io.govstream.runtime.PlatformAdmin;
import io.govstream.runtime.ReadinessGate;
import io.govstream.runtime.health.Watchdog;
import io.govstream.runtime.logging.EventMdc;
import io.govstream.runtime.metrics.ConsumerLagProbe;
import io.govstream.schemas.registry.SchemaRegistryClient;
import io.govstream.schemas.serde.AvroSerde;
import io.govstream.topology.Topics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import io.micronaut.management.health.indicator.annotation.Readiness;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads permitted commands and writes their results exactly once: each poll's results and
 * the consumed offsets commit in one Kafka transaction, and a command id seen again is not
 * done twice.
 */
@Singleton
@Readiness
public class CommandWorker implements HealthIndicator, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CommandWorker.class);

    private final KafkaConsumer<String, byte[]> consumer;
    private final KafkaProducer<String, byte[]> producer;
    private final AvroSerde<DispatchResult> resultsOut;
    private final AvroSerde<DeadLetter> deadLetters;
    private final String retryTopic;
    private final String deadLettersTopic;
    private final ResilientWork work;
    private final RetrySchedule schedule;
    private final Map<TopicPartition, Instant> pausedUntil = new HashMap<>();
    private final AvroSerde<DispatchCommand> commands;
    private final String commandsTopic;
    private final String resultsTopic;
    private final String worker;
    private final Map<String, IntentHandler> handlers;
    private final RecentCommands recent = new RecentCommands(100_000);
    private final CommandGate gate;
    private final Duration doneLookback;
    private final KafkaClientSettings kafka;
    private final AvroSerde<DispatchResult> resultSerde;
    private final List<DispatchCommand> admittedInTransaction = new ArrayList<>();
    private final MeterRegistry meters;
    private final ReadinessGate ready = new ReadinessGate("command-worker");
    private final Thread thread;
    private final Watchdog.Heartbeat heartbeat;
    private final List<AutoCloseable> meterBinders;
    private volatile boolean running = true;

    public CommandWorker(KafkaClientSettings kafka, SchemaRegistryClient registry, Topics topics,
                         List<IntentHandler> handlers, MeterRegistry meters, Watchdog watchdog, PlatformAdmin admin,
                         @Value("${axon.worker-id}") String worker,
                         @Value("${axon.group-id:axon}") String groupId,
                         @Value("${govstream.metrics.probe-interval:15s}") Duration probeInterval,
                         @Value("${axon.commands.verify-key:}") String verifyKey,
                         @Value("${axon.commands.done-lookback:1h}") Duration doneLookback,
                         @Value("${axon.resilience.attempts:3}") int attempts,
                         @Value("${axon.resilience.first-backoff:100ms}") Duration firstBackoff,
                         @Value("${axon.resilience.breaker-window:20}") int breakerWindow,
                         @Value("${axon.resilience.open-for:30s}") Duration openFor,
                         @Value("${axon.resilience.retry-topic-attempts:5}") int topicAttempts,
                         @Value("${axon.resilience.retry-first-delay:5s}") Duration retryFirstDelay) {
        this.retryTopic = topics.axonCommandsRetry();
        this.deadLettersTopic = topics.deadLetters();
        this.work = new ResilientWork(meters, attempts, firstBackoff, breakerWindow, openFor);
        this.schedule = new RetrySchedule(topicAttempts, retryFirstDelay);
        this.resultsOut = AvroSerde.forValue(DispatchResult.class, registry);
        this.deadLetters = AvroSerde.forValue(DeadLetter.class, registry, false);
        this.kafka = kafka;
        this.doneLookback = doneLookback;
        this.gate = new CommandGate(verifyKey.isBlank() ? null : Path.of(verifyKey), recent, new NonceStore());
        this.resultSerde = AvroSerde.forValue(DispatchResult.class, registry, false);
        this.commandsTopic = topics.axonCommands();
        this.resultsTopic = topics.dispatchResults();
        this.worker = worker;
        this.meters = meters;
        this.handlers = handlers.stream().collect(Collectors.toMap(IntentHandler::intent, Function.identity()));
        this.commands = AvroSerde.forValue(DispatchCommand.class, registry, false);
        this.consumer = new KafkaConsumer<>(kafka.with(Map.of(
                ConsumerConfig.GROUP_ID_CONFIG, groupId,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.CLIENT_ID_CONFIG, worker + "-commands")),
                new StringDeserializer(), new ByteArrayDeserializer());
        this.producer = new KafkaProducer<>(kafka.with(Map.of(
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, groupId + "-" + worker,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.CLIENT_ID_CONFIG, worker + "-results")),
                new StringSerializer(), new ByteArraySerializer());
        KafkaClientMetrics consumerMetrics = new KafkaClientMetrics(consumer);
        KafkaClientMetrics producerMetrics = new KafkaClientMetrics(producer);
        ConsumerLagProbe lag = new ConsumerLagProbe(admin.admin(), groupId, List.of(commandsTopic), probeInterval);
        consumerMetrics.bindTo(meters);
        producerMetrics.bindTo(meters);
        lag.bindTo(meters);
        this.meterBinders = List.of(lag, consumerMetrics, producerMetrics);
        registerCounters();
        this.heartbeat = watchdog.register("axon-command-worker");
        this.thread = new Thread(this::run, "axon-command-worker");
    }

    /** Every series exists from the start (at 0), so rates and alerts see failures from the first one. */
    private void registerCounters() {
        for (String intent : handlers.keySet()) {
            for (DispatchStatus status : DispatchStatus.values()) {
                commandsCounter(intent, status);
                Timer.builder("axon.work.duration").tag("intent", intent).tag("status", status.name())
                        .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1))
                        .maximumExpectedValue(Duration.ofMinutes(1)).register(meters);
            }
        }
        Counter.builder("axon.commands.undecodable").description("Commands that could not be decoded and were skipped")
                .register(meters);
        Counter.builder("axon.commands.duplicate").description("Commands delivered again and not done twice")
                .register(meters);
        Counter.builder("axon.commands.retried").description("Commands put on the retry topic for a later attempt")
                .register(meters);
        Counter.builder("axon.commands.dead.lettered").description("Commands that failed their last attempt, sent to the dead letters")
                .register(meters);
        for (CommandSeal.Refusal reason : CommandSeal.Refusal.values()) {
            refusedCounter(reason);
        }
    }

    private Counter refusedCounter(CommandSeal.Refusal reason) {
        return Counter.builder("axon.commands.refused")
                .description("Commands Axon refused to act on: unsigned, tampered, unknown-key, expired, replayed")
                .tag("reason", reason.tag()).register(meters);
    }

    private Counter commandsCounter(String intent, DispatchStatus status) {
        return Counter.builder("axon.commands").description("Commands Axon worked on, by intent and outcome")
                .tag("intent", handlers.containsKey(intent) ? intent : "unsupported").tag("status", status.name())
                .register(meters);
    }

    @PostConstruct
    void start() {
        thread.start();
    }

    private void run() {
        try {
            producer.initTransactions();
            restoreDone();
            consumer.subscribe(List.of(commandsTopic, retryTopic), new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                    // nothing to flush: every poll's work is committed before the next poll
                    partitions.forEach(pausedUntil::remove);
                }

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                    ready.up("assigned " + consumer.assignment().size() + " partitions of " + commandsTopic);
                }
            });
            while (running) {
                heartbeat.beat();
                resumeDue();
                ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(500));
                if (!records.isEmpty()) {
                    processInTransaction(records);
                }
            }
            heartbeat.stop();
        } catch (WakeupException e) {
            if (running) {
                ready.down("woken up unexpectedly");
                heartbeat.died("woken up unexpectedly");
            } else {
                heartbeat.stop();
            }
        } catch (ProducerFencedException e) {
            LOG.error("Another Axon instance with transactional id of worker {} took over; stopping", worker);
            ready.down("fenced by another instance");
            heartbeat.died("fenced by another instance");
        } catch (RuntimeException e) {
            LOG.error("Command worker stopped: {}", e.toString(), e);
            ready.down("stopped: " + e);
            heartbeat.died(e.toString());
        } finally {
            consumer.close(Duration.ofSeconds(5));
            producer.close(Duration.ofSeconds(5));
        }
    }

    /**
     * Command ids whose results are already on the results topic (within the lookback, which
     * must cover the command TTL): after a restart they count as done, so a replay or a
     * redelivery is not done twice. Only committed results count (read_committed).
     */
    private void restoreDone() {
        Map<String, Object> settings = kafka.with(Map.of(
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.CLIENT_ID_CONFIG, worker + "-done-restore"));
        Map<String, Object> noGroup = new HashMap<>(settings);
        noGroup.remove(ConsumerConfig.GROUP_ID_CONFIG);
        int restored = 0;
        try (KafkaConsumer<String, byte[]> results = new KafkaConsumer<>(noGroup, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = results.partitionsFor(resultsTopic).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            results.assign(partitions);
            long since = Instant.now().minus(doneLookback).toEpochMilli();
            Map<TopicPartition, Long> query = new HashMap<>();
            partitions.forEach(p -> query.put(p, since));
            Map<TopicPartition, OffsetAndTimestamp> from = results.offsetsForTimes(query);
            Map<TopicPartition, Long> end = results.endOffsets(partitions);
            for (TopicPartition p : partitions) {
                OffsetAndTimestamp at = from.get(p);
                results.seek(p, at == null ? end.get(p) : at.offset());
            }
            while (partitions.stream().anyMatch(p -> results.position(p) < end.get(p))) {
                heartbeat.beat();
                for (ConsumerRecord<String, byte[]> record : results.poll(Duration.ofMillis(500))) {
                    try {
                        recent.firstTime(resultSerde.decode(record.topic(), record.value()).getCommandId());
                        restored++;
                    } catch (SerializationException e) {
                        LOG.warn("Skipping an undecodable result at {}-{}@{} while restoring done commands: {}",
                                record.topic(), record.partition(), record.offset(), e.getMessage());
                    }
                }
            }
        }
        LOG.info("Restored {} done command ids from {} (lookback {})", restored, resultsTopic, doneLookback);
    }

    private void processInTransaction(ConsumerRecords<String, byte[]> records) {
        admittedInTransaction.clear();
        producer.beginTransaction();
        try {
            Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
            for (TopicPartition p : records.partitions()) {
                for (ConsumerRecord<String, byte[]> record : records.records(p)) {
                    Instant notBefore = RetrySchedule.notBeforeOf(record.headers());
                    if (record.topic().equals(retryTopic) && notBefore.isAfter(Instant.now())) {
                        // Not yet: read it again once its delay is over; the partition waits, in order.
                        consumer.seek(p, record.offset());
                        consumer.pause(List.of(p));
                        pausedUntil.put(p, notBefore);
                        break;
                    }
                    process(record);
                }
            }
            // The position, not offset + 1: it is past transaction markers, so a caught-up group has no lag.
            for (TopicPartition p : records.partitions()) {
                offsets.put(p, new OffsetAndMetadata(consumer.position(p)));
            }
            producer.sendOffsetsToTransaction(offsets, consumer.groupMetadata());
            producer.commitTransaction();
        } catch (ProducerFencedException e) {
            throw e;
        } catch (KafkaException e) {
            LOG.warn("Transaction aborted, commands will be read again: {}", e.toString());
            producer.abortTransaction();
            admittedInTransaction.forEach(gate::forget);
            rewindToCommitted();
        }
    }

    private void resumeDue() {
        Instant now = Instant.now();
        List<TopicPartition> due = pausedUntil.entrySet().stream().filter(e -> !e.getValue().isAfter(now))
                .map(Map.Entry::getKey).toList();
        if (!due.isEmpty()) {
            due.forEach(pausedUntil::remove);
            consumer.resume(due);
        }
    }

    private void rewindToCommitted() {
        Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(consumer.assignment());
        for (TopicPartition p : consumer.assignment()) {
            OffsetAndMetadata at = committed.get(p);
            if (at == null) {
                consumer.seekToBeginning(List.of(p));
            } else {
                consumer.seek(p, at.offset());
            }
        }
    }

    private void process(ConsumerRecord<String, byte[]> record) {
        DispatchCommand command;
        try {
            command = commands.decode(record.topic(), record.value());
        } catch (SerializationException e) {
            // Axon may write nothing but results; the record stays in the topic for inspection.
            LOG.error("Skipping undecodable command {}-{}@{}: {}", record.topic(), record.partition(), record.offset(),
                    e.getMessage());
            meters.counter("axon.commands.undecodable").increment();
            return;
        }
        Envelope in = command.getEnvelope();
        try (EventMdc mdc = EventMdc.of(in.getCorrelationId(), in.getTenant(), in.getTraceparent())) {
            process(command, record);
        }
    }

    private void process(DispatchCommand command, ConsumerRecord<String, byte[]> record) {
        Instant started = Instant.now();
        CommandSeal.Refusal refusal = gate.admit(command, started);
        if (refusal == CommandSeal.Refusal.REPLAYED) {
            // The first delivery's result stands; a second result would only muddle it.
            LOG.warn("Refused command {}: replayed (already done, or its nonce already seen); not doing it again",
                    command.getCommandId());
            refusedCounter(refusal).increment();
            meters.counter("axon.commands.duplicate").increment();
            return;
        }
        if (refusal != null) {
            String error = "refused (" + refusal.tag() + "): " + explain(refusal, command);
            LOG.warn("Refused command {} ({}): {}", command.getCommandId(), command.getIntent(), error);
            refusedCounter(refusal).increment();
            send(command, DispatchStatus.FAILED, "{}", error, started);
            return;
        }
        admittedInTransaction.add(command);
        DispatchStatus status;
        String output = "{}";
        String error = null;
        IntentHandler handler = handlers.get(command.getIntent());
        Timer.Sample sample = Timer.start(meters);
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
                int attempt = RetrySchedule.attemptOf(record.headers());
                if (!schedule.exhausted(attempt)) {
                    retryLater(command, record, attempt, e.getMessage());
                    return;
                }
                status = DispatchStatus.FAILED;
                error = "gave up after " + attempt + " attempts: " + e.getMessage();
                deadLetter(command, record, error);
            }
        }
        String intentTag = handler == null ? "unsupported" : command.getIntent();
        sample.stop(Timer.builder("axon.work.duration").tag("intent", intentTag).tag("status", status.name())
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofMinutes(1)).register(meters));
        commandsCounter(command.getIntent(), status).increment();
        if (status == DispatchStatus.FAILED) {
            LOG.warn("Command {} ({}) failed: {}", command.getCommandId(), command.getIntent(), error);
        } else {
            LOG.info("Command {} ({}) {}", command.getCommandId(), command.getIntent(), status);
        }
        send(command, status, output, error, started);
    }

    /** The command goes to the retry topic in this transaction, and counts as not done until then. */
    private void retryLater(DispatchCommand command, ConsumerRecord<String, byte[]> record, int attempt, String why) {
        gate.forget(command);
        admittedInTransaction.remove(command);
        Instant notBefore = schedule.next(attempt, Instant.now());
        LOG.warn("Command {} ({}) attempt {} failed: {}; next attempt not before {}", command.getCommandId(), command.getIntent(),
                attempt, why, notBefore);
        ProducerRecord<String, byte[]> again = new ProducerRecord<>(retryTopic, null, record.key(), record.value(), record.headers());
        RetrySchedule.stamp(again.headers(), attempt + 1, notBefore);
        producer.send(again);
        meters.counter("axon.commands.retried").increment();
    }

    private void deadLetter(DispatchCommand command, ConsumerRecord<String, byte[]> record, String reason) {
        Envelope in = command.getEnvelope();
        DeadLetter letter = DeadLetter.newBuilder()
                .setEnvelope(Envelope.newBuilder()
                        .setEventId(UUID.randomUUID().toString())
                        .setCorrelationId(in.getCorrelationId())
                        .setCausationId(in.getEventId())
                        .setTenant(in.getTenant())
                        .setOccurredAt(Instant.now())
                        .setProducer("axon")
                        .setTraceparent(in.getTraceparent())
                        .build())
                .setSourceTopic(record.topic())
                .setSourcePartition(record.partition())
                .setSourceOffset(record.offset())
                .setErrorType("axon-gave-up")
                .setErrorMessage(reason)
                .setKey(record.key() == null ? null : ByteBuffer.wrap(record.key().getBytes(StandardCharsets.UTF_8)))
                .setValue(ByteBuffer.wrap(record.value()))
                .build();
        producer.send(new ProducerRecord<>(deadLettersTopic, in.getCorrelationId(), deadLetters.encode(deadLettersTopic, letter)));
        meters.counter("axon.commands.dead.lettered").increment();
    }

    private static String explain(CommandSeal.Refusal refusal, DispatchCommand command) {
        return switch (refusal) {
            case UNSIGNED -> "the command carries no signature, key id, expiry or nonce";
            case TAMPERED -> "the signature does not match the command's content";
            case UNKNOWN_KEY -> "signed with key " + command.getKeyId() + ", which is not (or no longer) a verification key";
            case EXPIRED -> "expired at " + command.getExpiresAt();
            case REPLAYED -> "already seen";
        };
    }

    private void send(DispatchCommand command, DispatchStatus status, String output, String error, Instant started) {
        Envelope in = command.getEnvelope();
        String traceparent = KafkaHeaders.childOf(in.getTraceparent());
        DispatchResult result = DispatchResult.newBuilder()
                .setEnvelope(Envelope.newBuilder()
                        .setEventId(UUID.randomUUID().toString())
                        .setCorrelationId(in.getCorrelationId())
                        .setCausationId(in.getEventId())
                        .setTenant(in.getTenant())
                        .setOccurredAt(Instant.now())
                        .setProducer("axon")
                        .setTraceparent(traceparent)
                        .build())
                .setCommandId(command.getCommandId())
                .setWorker(worker)
                .setStatus(status)
                .setOutput(output)
                .setError(error)
                .setStartedAt(started)
                .setFinishedAt(Instant.now())
                .build();
        ProducerRecord<String, byte[]> out = new ProducerRecord<>(resultsTopic, in.getCorrelationId(), resultsOut.encode(resultsTopic, result));
        KafkaHeaders.put(out.headers(), in.getCorrelationId(), traceparent);
        producer.send(out);
    }

    @Override
    public Publisher<HealthResult> getResult() {
        return Publishers.just(ready.result());
    }

    @PreDestroy
    @Override
    public void close() throws InterruptedException {
        running = false;
        consumer.wakeup();
        thread.join(Duration.ofSeconds(15).toMillis());
        for (AutoCloseable binder : meterBinders) {
            try {
                binder.close();
            } catch (Exception e) {
                LOG.debug("Closing a meter binder failed: {}", e.toString());
            }
        }
    }
}
