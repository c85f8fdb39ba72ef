package io.govstream.axon.work;

import io.govstream.events.DispatchCommand;
import io.govstream.events.DispatchResult;
import io.govstream.events.DispatchStatus;
import io.govstream.events.Envelope;
import io.govstream.runtime.KafkaClientSettings;
import io.govstream.runtime.KafkaHeaders;
import io.govstream.runtime.ReadinessGate;
import io.govstream.schemas.registry.SchemaRegistryClient;
import io.govstream.schemas.serde.AvroSerde;
import io.govstream.topology.Topics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
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
    private final KafkaProducer<String, DispatchResult> producer;
    private final AvroSerde<DispatchCommand> commands;
    private final String commandsTopic;
    private final String resultsTopic;
    private final String worker;
    private final Map<String, IntentHandler> handlers;
    private final RecentCommands recent = new RecentCommands(100_000);
    private final MeterRegistry meters;
    private final ReadinessGate ready = new ReadinessGate("command-worker");
    private final Thread thread;
    private volatile boolean running = true;

    public CommandWorker(KafkaClientSettings kafka, SchemaRegistryClient registry, Topics topics,
                         List<IntentHandler> handlers, MeterRegistry meters,
                         @Value("${axon.worker-id}") String worker,
                         @Value("${axon.group-id:axon}") String groupId) {
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
                new StringSerializer(), AvroSerde.forValue(DispatchResult.class, registry).serializer());
        this.thread = new Thread(this::run, "axon-command-worker");
    }

    @PostConstruct
    void start() {
        thread.start();
    }

    private void run() {
        try {
            producer.initTransactions();
            consumer.subscribe(List.of(commandsTopic), new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                    // nothing to flush: every poll's work is committed before the next poll
                }

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                    ready.up("assigned " + consumer.assignment().size() + " partitions of " + commandsTopic);
                }
            });
            while (running) {
                ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(500));
                if (!records.isEmpty()) {
                    processInTransaction(records);
                }
            }
        } catch (WakeupException e) {
            if (running) {
                ready.down("woken up unexpectedly");
            }
        } catch (ProducerFencedException e) {
            LOG.error("Another Axon instance with transactional id of worker {} took over; stopping", worker);
            ready.down("fenced by another instance");
        } catch (RuntimeException e) {
            LOG.error("Command worker stopped: {}", e.toString(), e);
            ready.down("stopped: " + e);
        } finally {
            consumer.close(Duration.ofSeconds(5));
            producer.close(Duration.ofSeconds(5));
        }
    }

    private void processInTransaction(ConsumerRecords<String, byte[]> records) {
        producer.beginTransaction();
        try {
            Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
            for (ConsumerRecord<String, byte[]> record : records) {
                process(record);
                offsets.put(new TopicPartition(record.topic(), record.partition()), new OffsetAndMetadata(record.offset() + 1));
            }
            producer.sendOffsetsToTransaction(offsets, consumer.groupMetadata());
            producer.commitTransaction();
        } catch (ProducerFencedException e) {
            throw e;
        } catch (KafkaException e) {
            LOG.warn("Transaction aborted, commands will be read again: {}", e.toString());
            producer.abortTransaction();
            rewindToCommitted();
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
        if (!recent.firstTime(command.getCommandId())) {
            LOG.info("Command {} was already done; not doing it again", command.getCommandId());
            meters.counter("axon.commands.duplicate").increment();
            return;
        }
        Instant started = Instant.now();
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
                output = handler.handle(command);
                status = DispatchStatus.SUCCEEDED;
            } catch (Exception e) {
                status = DispatchStatus.FAILED;
                error = e.getClass().getSimpleName() + ": " + e.getMessage();
            }
        }
        sample.stop(meters.timer("axon.work.duration", "intent", command.getIntent(), "status", status.name()));
        Counter.builder("axon.commands").tag("intent", command.getIntent()).tag("status", status.name())
                .register(meters).increment();
        Envelope in = command.getEnvelope();
        DispatchResult result = DispatchResult.newBuilder()
                .setEnvelope(Envelope.newBuilder()
                        .setEventId(UUID.randomUUID().toString())
                        .setCorrelationId(in.getCorrelationId())
                        .setCausationId(in.getEventId())
                        .setTenant(in.getTenant())
                        .setOccurredAt(Instant.now())
                        .setProducer("axon")
                        .setTraceparent(in.getTraceparent())
                        .build())
                .setCommandId(command.getCommandId())
                .setWorker(worker)
                .setStatus(status)
                .setOutput(output)
                .setError(error)
                .setStartedAt(started)
                .setFinishedAt(Instant.now())
                .build();
        ProducerRecord<String, DispatchResult> out = new ProducerRecord<>(resultsTopic, in.getCorrelationId(), result);
        KafkaHeaders.put(out.headers(), in.getCorrelationId(), in.getTraceparent());
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
    }
}
