package io.govstream.axon.work;

import io.govstream.events.DeadLetter;
import io.govstream.events.DispatchCommand;
import io.govstream.events.DispatchResult;
import io.govstream.runtime.KafkaClientSettings;
import io.govstream.runtime.PlatformAdmin;
import io.govstream.runtime.PlatformSettings;
import io.govstream.runtime.ReadinessGate;
import io.govstream.runtime.commands.NonceStore;
import io.govstream.runtime.health.EndedTransactions;
import io.govstream.schemas.registry.SchemaRegistryException;
import io.govstream.runtime.health.Watchdog;
import io.govstream.runtime.metrics.ConsumerLagProbe;
import io.govstream.runtime.tracing.Tracing;
import io.govstream.schemas.registry.SchemaRegistryClient;
import io.govstream.schemas.serde.AvroSerde;
import io.govstream.topology.Topics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.micronaut.runtime.event.annotation.EventListener;
import io.micronaut.runtime.server.event.ServerStartupEvent;
import jakarta.inject.Singleton;
import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import io.micronaut.management.health.indicator.annotation.Readiness;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
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
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads permitted commands (and their retries) and writes their results exactly once: each
 * poll's results, retries and dead letters and the consumed offsets commit in one Kafka
 * transaction, and a command id seen again is not done twice. What happens to one command is
 * {@link CommandProcessor}'s; this class owns the clients, the poll loop and the transaction.
 */
@Singleton
@Readiness
public class CommandWorker implements HealthIndicator, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CommandWorker.class);
    /** How long restoring the done commands of assigned partitions waits for a schema registry that is down. */
    private static final Duration REGISTRY_WAIT = Duration.ofMinutes(2);

    private final KafkaConsumer<String, byte[]> consumer;
    private final Map<String, Object> producerSettings;
    private final MeterRegistry meters;
    /** Replaced (with its metrics) when the broker ended its transaction: written by the worker's thread only. */
    private volatile KafkaProducer<String, byte[]> producer;
    private volatile KafkaClientMetrics producerMetrics;
    private final EndedTransactions ended = new EndedTransactions(Clock.systemUTC());
    private final Counter renewedProducers;
    private final String commandsTopic;
    private final String worker;
    /**
     * Ids of the commands done, each kept until its command expires (after that the expiry refuses a copy): however many
     * came since, so a replay after a restart or a rebalance is refused at any rate. It was the 100,000 most recent, which
     * at more than ~28 commands a second held less than one TTL's commands, and an unexpired copy of an evicted one passed.
     */
    private final NonceStore recent = new NonceStore();
    /** Partition numbers whose done commands are in {@link #recent} (restored when assigned). */
    private final java.util.Set<Integer> restoredPartitions = new java.util.HashSet<>();
    private final DoneCommands done;
    private final RetryRouter retries;
    private final CommandProcessor processor;
    private final ReadinessGate ready = new ReadinessGate("command-worker");
    private final Thread thread;
    private final Watchdog.Heartbeat heartbeat;
    private final List<AutoCloseable> meterBinders;
    /** How long one transaction's work may go on before it commits; what is left of the poll comes again. */
    private final Duration batchBudget;
    private final ResilientWork work;
    private volatile boolean running = true;

    public CommandWorker(KafkaClientSettings kafka, SchemaRegistryClient registry, Topics topics,
                         List<IntentHandler> handlers, MeterRegistry meters, Watchdog watchdog, PlatformAdmin admin, Tracing tracing,
                         AxonSettings settings, PlatformSettings platform) {
        String worker = settings.workerId();
        String groupId = settings.groupId();
        String target = settings.target();
        AxonSettings.Resilience resilience = settings.resilience();
        this.commandsTopic = topics.axonCommands();
        this.worker = worker;
        Map<String, Object> consumerSettings = kafka.with(Map.of(
                ConsumerConfig.GROUP_ID_CONFIG, groupId,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.CLIENT_ID_CONFIG, worker + "-commands"));
        // A crashed instance's partitions move to another after the session timeout: 10 s unless configured, as
        // governance-streams', not the consumer's 45 s default, bounds how long commands wait after a kill -9.
        consumerSettings.putIfAbsent(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 10_000);
        this.consumer = new KafkaConsumer<>(consumerSettings, new StringDeserializer(), new ByteArrayDeserializer());
        this.producerSettings = kafka.with(Map.of(
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, groupId + "-" + worker,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.CLIENT_ID_CONFIG, worker + "-results"));
        // A killed instance's open transaction holds back read_committed readers of the results until the broker aborts
        // it at its timeout: 20 s unless configured, not the producer's 60 s. No transaction may outlive it (the broker
        // would abort it and the poll's work would be redone), so each poll's work stops at half of it (below), and one
        // command's work is interrupted after a quarter of it unless configured (ResilientWork). A transaction that
        // waits out a Kafka node's failover past the timeout is ended by the broker, which fences the producer: a new
        // one takes over (abortOrRenew).
        producerSettings.putIfAbsent(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, 20_000);
        long timeoutMs = Long.parseLong(String.valueOf(producerSettings.get(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG)));
        this.batchBudget = Duration.ofMillis(timeoutMs / 2);
        Duration workTimeout = resilience.workTimeout(Duration.ofMillis(timeoutMs));
        if (workTimeout.compareTo(batchBudget) >= 0) {
            LOG.warn("axon.resilience.work-timeout {} is not under half the transaction timeout ({} ms): a poll's work may outlive "
                    + "its transaction, which the broker then ends and the worker redoes", workTimeout, timeoutMs);
        }
        this.meters = meters;
        startProducer();
        this.renewedProducers = Counter.builder("axon.producer.renewed")
                .description("Producers replaced because the broker ended their transaction (fenced them)").register(meters);

        Map<String, IntentHandler> byIntent = handlers.stream().collect(Collectors.toMap(IntentHandler::intent, Function.identity()));
        WorkMeters workMeters = new WorkMeters(meters, byIntent.keySet());
        this.work = new ResilientWork(meters, resilience.attempts(), resilience.firstBackoff(), resilience.breakerWindow(),
                resilience.openFor(), workTimeout);
        String verifyKey = settings.commands().verifyKey();
        CommandGate gate = new CommandGate(verifyKey.isBlank() ? null : Path.of(verifyKey), recent, new NonceStore(), target);
        ResultWriter results = new ResultWriter(this::producer, AvroSerde.forValue(DispatchResult.class, registry),
                topics.dispatchResults(), worker);
        this.retries = new RetryRouter(this::producer, AvroSerde.forValue(DeadLetter.class, registry, false),
                new RetrySchedule(resilience.retryTopicAttempts(), resilience.retryFirstDelay()), topics.axonCommandsRetry(), topics.deadLetters(), workMeters);
        this.processor = new CommandProcessor(AvroSerde.forValue(DispatchCommand.class, registry, false), gate,
                new Refusals(results, topics.axonRefusals(), workMeters, target), byIntent,
                work, retries, results, workMeters,
                new CommandRouting(topic -> consumer.partitionsFor(topic).size()), tracing);
        this.done = new DoneCommands(kafka, AvroSerde.forValue(DispatchResult.class, registry, false), topics.dispatchResults(),
                settings.commands().doneLookback(), worker, () -> consumer.partitionsFor(commandsTopic).size());

        KafkaClientMetrics consumerMetrics = new KafkaClientMetrics(consumer);
        ConsumerLagProbe lag = new ConsumerLagProbe(admin.admin(), groupId, List.of(commandsTopic), platform.metrics().probeInterval());
        consumerMetrics.bindTo(meters);
        lag.bindTo(meters);
        this.meterBinders = List.of(lag, consumerMetrics);
        this.heartbeat = watchdog.register("axon-command-worker");
        this.thread = new Thread(this::run, "axon-command-worker");
    }

    /**
     * Delivering the event creates this bean, so the worker starts with the service's HTTP server, not when the first
     * health check asks for the bean (beans are created on first use).
     */
    @EventListener
    void onServerStartup(ServerStartupEvent event) {
        LOG.debug("{} started with the server", getClass().getSimpleName());
    }

    @PostConstruct
    void start() {
        thread.start();
    }

    private void run() {
        try {
            initTransactions();
            consumer.subscribe(List.of(commandsTopic, retries.retryTopic()), new ConsumerRebalanceListener() {
                // Also for lost partitions: the listener's onPartitionsLost defaults to this.
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                    // nothing to flush: every poll's work is committed before the next poll
                    retries.revoked(partitions);
                    forgetRestored(partitions);
                }

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                    restoreDone(partitions);
                    ready.up("assigned " + consumer.assignment().size() + " partitions of " + commandsTopic);
                }
            });
            while (running) {
                heartbeat.beat();
                retries.resumeDue(consumer, Instant.now());
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
     * Commands done on a newly assigned partition, by whichever instance did them, count as done here too: read from the
     * results partition with the same number ({@link CommandRouting}), before this worker reads a command of it.
     */
    private void restoreDone(Collection<TopicPartition> assigned) {
        java.util.Set<Integer> numbers = new java.util.TreeSet<>();
        for (TopicPartition partition : assigned) {
            if (restoredPartitions.add(partition.partition())) {
                numbers.add(partition.partition());
            }
        }
        if (!numbers.isEmpty()) {
            restoreWhileTheRegistryIsDown(numbers);
        }
    }

    /**
     * Reading the done results needs the schema registry, which may be down a moment or still starting beside this service
     * (govctl up starts them side by side; on a restart the results are there before the registry answers). It is tried
     * again after a pause, doubling up to 5 s, for at most {@link #REGISTRY_WAIT} (well within the consumer's poll
     * interval); only then, or on a 4xx answer, does the worker stop. No command is read before it succeeds.
     */
    private void restoreWhileTheRegistryIsDown(java.util.Set<Integer> numbers) {
        long deadline = System.nanoTime() + REGISTRY_WAIT.toNanos();
        Duration pause = Duration.ofMillis(200);
        while (true) {
            try {
                done.restoreInto(recent, heartbeat::beat, numbers);
                return;
            } catch (SchemaRegistryException e) {
                if (e.status() < 500 || !running || System.nanoTime() - deadline > 0) {
                    throw e;
                }
                LOG.warn("Restoring the done commands of partitions {} needs the schema registry: {}; again in {} ms", numbers,
                        e.getMessage(), pause.toMillis());
                heartbeat.beat();
                pause(pause);
                pause = Duration.ofMillis(Math.min(pause.toMillis() * 2, 5_000));
            }
        }
    }

    /** A partition number neither of whose topics this worker reads any more must be restored again when it comes back. */
    private void forgetRestored(Collection<TopicPartition> revoked) {
        restoredPartitions.retainAll(consumer.assignment().stream().filter(partition -> !revoked.contains(partition))
                .map(TopicPartition::partition).collect(Collectors.toSet()));
    }

    private void processInTransaction(ConsumerRecords<String, byte[]> records) {
        processor.begin();
        producer.beginTransaction();
        long deadline = System.nanoTime() + batchBudget.toNanos();
        boolean worked = false;
        try {
            for (TopicPartition p : records.partitions()) {
                for (ConsumerRecord<String, byte[]> record : records.records(p)) {
                    if (worked && System.nanoTime() - deadline > 0) {
                        // Out of time: this record and the rest of the poll are read again after the commit.
                        consumer.seek(p, record.offset());
                        break;
                    }
                    if (retries.holdIfNotDue(consumer, record, Instant.now())) {
                        break;
                    }
                    processor.process(record);
                    worked = true;
                }
            }
            // The position, not offset + 1: it is past transaction markers, so a caught-up group has no lag.
            Map<TopicPartition, OffsetAndMetadata> offsets = records.partitions().stream()
                    .collect(Collectors.toMap(Function.identity(), p -> new OffsetAndMetadata(consumer.position(p))));
            producer.sendOffsetsToTransaction(offsets, consumer.groupMetadata());
            producer.commitTransaction();
        } catch (KafkaException | SchemaRegistryException e) {
            // A registry that fails (5xx; a schema id it never issued is the record's fault, skipped as undecodable) says
            // nothing about the commands: they are read again, after a second so as not to press a registry that is down.
            processor.aborted();
            abortOrRenew(e);
            rewindToCommitted();
            if (e instanceof SchemaRegistryException) {
                pause(Duration.ofSeconds(1));
            }
        }
    }

    private void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new WakeupException();
        }
    }

    private KafkaProducer<String, byte[]> producer() {
        return producer;
    }

    /**
     * Aborts the failed transaction. A producer whose transaction the broker ended (its timeout passed, e.g. while
     * a Kafka node failed over) is fenced and cannot: a new one with the same transactional id takes its place, up to
     * {@link EndedTransactions#MAX_RESTARTS} times in its window; more, and the worker stops with the reason.
     */
    private void abortOrRenew(RuntimeException failure) {
        if (!EndedTransactions.ended(failure)) {
            LOG.warn("Transaction aborted, commands will be read again: {}", failure.toString());
            try {
                producer.abortTransaction();
                return;
            } catch (KafkaException abortFailed) {
                if (!EndedTransactions.ended(abortFailed)) {
                    throw abortFailed;
                }
                failure = abortFailed;
            }
        }
        if (!ended.tryRestart()) {
            throw new IllegalStateException("the broker ended more than " + EndedTransactions.MAX_RESTARTS + " transactions of worker "
                    + worker + " within " + EndedTransactions.WINDOW + " (is another instance running with the same worker id?)", failure);
        }
        LOG.warn("The broker ended worker {}'s transaction ({}); a new producer takes over and its commands are read again ({} of at most {} in {})",
                worker, failure.toString(), ended.inWindow(), EndedTransactions.MAX_RESTARTS, EndedTransactions.WINDOW);
        producer.close(Duration.ZERO);
        producerMetrics.close();
        startProducer();
        initTransactions();
        renewedProducers.increment();
    }

    /** A new transactional producer with this worker's transactional id, its client metrics bound to the registry. */
    private void startProducer() {
        producer = new KafkaProducer<>(producerSettings, new StringSerializer(), new ByteArraySerializer());
        producerMetrics = new KafkaClientMetrics(producer);
        producerMetrics.bindTo(meters);
    }

    /** Kafka's initTransactions, again while it times out (a Kafka node failing over, a cluster starting). */
    private void initTransactions() {
        while (true) {
            try {
                producer.initTransactions();
                return;
            } catch (TimeoutException e) {
                if (!running) {
                    throw e;
                }
                LOG.warn("Worker {} cannot start its transactions yet, trying again: {}", worker, e.getMessage());
                heartbeat.beat();
            }
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
        work.close();
        producerMetrics.close();
        for (AutoCloseable binder : meterBinders) {
            try {
                binder.close();
            } catch (Exception e) {
                LOG.debug("Closing a meter binder failed: {}", e.toString());
            }
        }
    }
}
