package io.govstream.axon.work;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.govstream.broker.BrokerSettings;
import io.govstream.broker.EmbeddedKafka;
import io.govstream.events.DeadLetter;
import io.govstream.events.DispatchCommand;
import io.govstream.events.DispatchResult;
import io.govstream.events.DispatchStatus;
import io.govstream.events.Envelope;
import io.govstream.runtime.commands.CommandSeal;
import io.govstream.schemas.serde.AvroSerde;
import io.govstream.topology.Catalogue;
import io.govstream.topology.Topics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.ApplicationContext;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Axon on a real broker, with work that fails transiently: each failed attempt goes through the
 * retry topic with a growing delay, the last one to the dead letters with its reason; a command
 * that succeeds on a retry is done once, and stays done once when Axon restarts and it comes again.
 * And with slow work: a poll whose work outlasts the transaction timeout commits in parts, each in time;
 * a transaction the broker ends under a stalled worker is redone by a new producer, each result once.
 */
@Timeout(240)
class RetryToDeadLetterIT {
    private static final Duration FIRST_DELAY = Duration.ofSeconds(1);
    private static final int ATTEMPTS = 3;

    @TempDir
    Path dir;
    private EmbeddedKafka kafka;
    private final FailingRegistry registry = new FailingRegistry();
    private final Topics topics = new Topics(Catalogue.load());
    private final List<ApplicationContext> axons = new ArrayList<>();

    @BeforeEach
    void startBroker() throws Exception {
        kafka = EmbeddedKafka.start(BrokerSettings.ephemeral(dir.resolve("broker")));
        // Axon registers no schema for dead letters (the topology apply does, from the catalogue).
        registry.register(topics.deadLetters() + "-value", DeadLetter.getClassSchema());
        try (Admin admin = Admin.create(kafka.adminClientProperties())) {
            admin.createTopics(List.of(topics.axonCommands(), topics.axonCommandsRetry(), topics.dispatchResults(),
                    topics.deadLetters(), topics.axonRefusals()).stream().map(t -> new NewTopic(t, 1, (short) 1)).toList()).all().get();
        }
    }

    @AfterEach
    void stop() {
        axons.forEach(ApplicationContext::close);
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void givenWorkFailingTransiently_whenRetriedThroughTheRetryTopic_thenTheLastAttemptIsDeadLettered_andASuccessIsDoneOnceAcrossARestart()
            throws Exception {
        Path secrets = dir.resolve("secrets");
        CommandSeal.Signer signer = signer(secrets);
        DispatchCommand hopeless = signer.sign(command("hopeless", 99), Instant.now());
        DispatchCommand recovers = signer.sign(command("recovers", 1), Instant.now());

        // given: Axon with one in-process attempt per try, so every failure goes through the retry topic
        ApplicationContext first = startAxon(secrets);
        send(hopeless, recovers);

        // when: both are worked on until each has its one result
        await().atMost(Duration.ofSeconds(90)).until(() -> readAll(topics.dispatchResults()).size() >= 2);

        // then: one result each: the hopeless command failed after its last attempt, the other succeeded
        Map<String, List<DispatchResult>> results = results();
        assertThat(results.get(hopeless.getCommandId())).singleElement().satisfies(r -> {
            assertThat(r.getStatus()).isEqualTo(DispatchStatus.FAILED);
            assertThat(r.getError()).startsWith("gave up after 3 attempts: IllegalStateException: downstream unavailable");
        });
        assertThat(results.get(recovers.getCommandId())).singleElement().satisfies(r -> {
            assertThat(r.getStatus()).isEqualTo(DispatchStatus.SUCCEEDED);
            assertThat(r.getOutput()).isEqualTo("{\"done\":true}");
        });

        // the hopeless command is in the dead letters with its reason, its source and its bytes
        List<ConsumerRecord<String, byte[]>> letters = readAll(topics.deadLetters());
        assertThat(letters).hasSize(1);
        DeadLetter letter = AvroSerde.forValue(DeadLetter.class, registry, false).decode(topics.deadLetters(), letters.get(0).value());
        assertThat(letter.getErrorType()).isEqualTo("axon-gave-up");
        assertThat(letter.getErrorMessage()).isEqualTo(results.get(hopeless.getCommandId()).get(0).getError());
        assertThat(letter.getSourceTopic()).isEqualTo(topics.axonCommandsRetry());
        assertThat(commands().decode(topics.axonCommandsRetry(), letter.getValue().array())).isEqualTo(hopeless);

        // the retry topic holds attempts 2 and 3 of the hopeless command and attempt 2 of the other
        Map<String, List<ConsumerRecord<String, byte[]>>> retries = new HashMap<>();
        for (ConsumerRecord<String, byte[]> r : readAll(topics.axonCommandsRetry())) {
            retries.computeIfAbsent(commands().decode(r.topic(), r.value()).getCommandId(), k -> new ArrayList<>()).add(r);
        }
        assertThat(retries.get(hopeless.getCommandId())).extracting(r -> RetrySchedule.attemptOf(r.headers())).containsExactly(2, 3);
        assertThat(retries.get(recovers.getCommandId())).extracting(r -> RetrySchedule.attemptOf(r.headers())).containsExactly(2);

        // each retry ran no earlier than its not-before, and the delay doubled from one attempt to the next
        FlakyIntent work = first.getBean(FlakyIntent.class);
        List<Instant> hopelessCalls = work.calls(hopeless.getCommandId());
        assertThat(hopelessCalls).hasSize(ATTEMPTS);
        for (int attempt = 2; attempt <= ATTEMPTS; attempt++) {
            Instant notBefore = RetrySchedule.notBeforeOf(retries.get(hopeless.getCommandId()).get(attempt - 2).headers());
            assertThat(hopelessCalls.get(attempt - 1)).as("attempt " + attempt).isAfterOrEqualTo(notBefore);
            Duration waited = Duration.between(hopelessCalls.get(attempt - 2), notBefore);
            assertThat(waited).as("delay before attempt " + attempt)
                    .isGreaterThanOrEqualTo(FIRST_DELAY.multipliedBy(1L << (attempt - 2)));
        }
        Instant recoversNotBefore = RetrySchedule.notBeforeOf(retries.get(recovers.getCommandId()).get(0).headers());
        assertThat(work.calls(recovers.getCommandId())).hasSize(2).last().satisfies(at -> assertThat(at).isAfterOrEqualTo(recoversNotBefore));
        assertThat(work.timesDone(recovers.getCommandId())).isEqualTo(1);
        assertThat(work.timesDone(hopeless.getCommandId())).isZero();
        MeterRegistry meters = first.getBean(MeterRegistry.class);
        assertThat(meters.counter("axon.commands.retried").count()).isEqualTo(3.0);
        assertThat(meters.counter("axon.commands.dead.lettered").count()).isEqualTo(1.0);

        // when: Axon restarts and the succeeded command arrives again
        first.close();
        axons.remove(first);
        ApplicationContext second = startAxon(secrets);
        send(recovers);

        // then: it is refused as a replay (known done from the results topic), not done again, no second result
        MeterRegistry restartedMeters = second.getBean(MeterRegistry.class);
        await().atMost(Duration.ofSeconds(60)).until(() ->
                restartedMeters.counter("axon.commands.refused", "reason", "replayed").count() == 1.0);
        assertThat(second.getBean(FlakyIntent.class).calls(recovers.getCommandId())).isEmpty();
        assertThat(results().get(recovers.getCommandId())).hasSize(1);
        assertThat(readAll(topics.axonRefusals())).singleElement().satisfies(r -> {
            DispatchResult refused = AvroSerde.forValue(DispatchResult.class, registry, false).decode(r.topic(), r.value());
            assertThat(refused.getStatus()).isEqualTo(DispatchStatus.REFUSED);
            assertThat(refused.getCommandId()).isEqualTo(recovers.getCommandId());
            assertThat(refused.getError()).startsWith("refused (replayed)");
        });
    }

    @Test
    void givenAPollOfWorkLongerThanTheTransactionTimeout_whenWorked_thenItCommitsInPartsWithinTheTimeout_andDoesEachCommandOnce()
            throws Exception {
        Path secrets = dir.resolve("secrets");
        CommandSeal.Signer signer = signer(secrets);
        // given: fifteen commands of 800 ms of work each waiting (12 s, one poll), and Axon's transactions timing out after
        // 3 s (the broker looks for timed-out transactions every second: one transaction of all of them would be aborted)
        List<DispatchCommand> slow = new ArrayList<>();
        for (int n = 0; n < 15; n++) {
            slow.add(signer.sign(command("slow-" + n, 0, "\"takesMs\":800"), Instant.now()));
        }
        send(slow.toArray(DispatchCommand[]::new));
        // (one command's work may take 900 ms; the default, a quarter of the timeout, would cut each of them off). A poll's work
        // stops at half the timeout, 1.5 s, so a transaction holds at most 2.4 s of work: 0.6 s left for the commit on a busy
        // machine. With a 2 s timeout that left 0.1 s, and a loaded run saw a transaction aborted and its commands redone.
        ApplicationContext axon = startAxon(secrets, Map.of("kafka.transaction.timeout.ms", 3_000, "axon.resilience.work-timeout", "900ms"));

        // when: worked off
        await().atMost(Duration.ofSeconds(90)).until(() -> readAll(topics.dispatchResults()).size() >= slow.size());

        // then: each command was done once and has one result: no transaction ran past its timeout and was aborted
        Map<String, List<DispatchResult>> results = results();
        FlakyIntent work = axon.getBean(FlakyIntent.class);
        for (DispatchCommand command : slow) {
            assertThat(results.get(command.getCommandId())).singleElement()
                    .satisfies(r -> assertThat(r.getStatus()).isEqualTo(DispatchStatus.SUCCEEDED));
            assertThat(work.timesDone(command.getCommandId())).as(command.getCommandId()).isEqualTo(1);
        }
        // in several transactions (at most 1.5 s of work each, half the timeout, plus one command): each commit marker takes an offset
        try (Admin admin = Admin.create(kafka.adminClientProperties())) {
            TopicPartition resultsPartition = new TopicPartition(topics.dispatchResults(), 0);
            long end = admin.listOffsets(Map.of(resultsPartition, OffsetSpec.latest())).partitionResult(resultsPartition).get().offset();
            assertThat(end - slow.size()).as("commit markers").isGreaterThanOrEqualTo(3);
        }
    }

    @Test
    void givenWorkStalledPastTheTransactionTimeout_whenTheBrokerEndsTheTransaction_thenANewProducerRedoesIt_andEveryCommandHasOneResult()
            throws Exception {
        Path secrets = dir.resolve("secrets");
        CommandSeal.Signer signer = signer(secrets);
        // given: in one poll, a quick command (its result opens the transaction on the broker) and one whose first call
        // stalls for 5 s, with Axon's transactions timing out after 2 s: the broker (it looks every second) aborts the
        // transaction during the stall and fences the producer, whose next send or commit fails
        DispatchCommand quick = signer.sign(command("quick", 0), Instant.now());
        DispatchCommand stalls = signer.sign(command("stalls", 0, "\"firstTakesMs\":5000"), Instant.now());
        send(quick, stalls);
        // (one command's work may take 10 s here, against the rule that it stays under half the transaction timeout:
        // so the stall, not the work limit, ends the call, as a Kafka node's failover would stall a commit)
        ApplicationContext axon = startAxon(secrets, Map.of("kafka.transaction.timeout.ms", 2_000, "axon.resilience.work-timeout", "10s"));
        MeterRegistry meters = axon.getBean(MeterRegistry.class);

        // when: worked off
        await().atMost(Duration.ofSeconds(90)).until(() -> readAll(topics.dispatchResults()).size() >= 2);

        // then: the broker did end the transaction, and a new producer took over
        assertThat(meters.counter("axon.producer.renewed").count()).isEqualTo(1.0);
        FlakyIntent work = axon.getBean(FlakyIntent.class);
        assertThat(work.calls(stalls.getCommandId())).as("the stalled call's result was aborted, so it was done again").hasSize(2);
        // each command has exactly one committed result: nothing of the ended transaction is visible
        Map<String, List<DispatchResult>> results = results();
        for (DispatchCommand command : List.of(quick, stalls)) {
            assertThat(results.get(command.getCommandId())).as(command.getCommandId()).singleElement()
                    .satisfies(r -> assertThat(r.getStatus()).isEqualTo(DispatchStatus.SUCCEEDED));
        }

        // and the worker goes on with the new producer: a later command is done once, with one result
        DispatchCommand later = signer.sign(command("later", 0), Instant.now());
        send(later);
        await().atMost(Duration.ofSeconds(60)).until(() -> results().containsKey(later.getCommandId()));
        assertThat(results().get(later.getCommandId())).singleElement();
        assertThat(work.timesDone(later.getCommandId())).isEqualTo(1);
        assertThat(readAll(topics.dispatchResults())).hasSize(3);
    }

    @Test
    void givenWorkThatNeverFinishesInTime_whenTimedOutOnEveryAttempt_thenItIsDeadLettered_andTheWorkerGoesOnWithItsProducer()
            throws Exception {
        Path secrets = dir.resolve("secrets");
        CommandSeal.Signer signer = signer(secrets);
        // given: a command whose every call would take a minute, after a quick one, with Axon's transactions timing out
        // after 2 s and one command's work limited to 400 ms: without the limit, the broker would end the transaction
        // under the hanging call each time, and the worker would stop once it had renewed its producer three times
        DispatchCommand quick = signer.sign(command("quick", 0), Instant.now());
        DispatchCommand hangs = signer.sign(command("hangs", 0, "\"takesMs\":60000"), Instant.now());
        send(quick, hangs);
        ApplicationContext axon = startAxon(secrets, Map.of("kafka.transaction.timeout.ms", 2_000, "axon.resilience.work-timeout", "400ms"));
        MeterRegistry meters = axon.getBean(MeterRegistry.class);

        // when: worked off
        await().atMost(Duration.ofSeconds(90)).until(() -> readAll(topics.dispatchResults()).size() >= 2);

        // then: the hanging command timed out on each of its attempts, went through the retry topic to the dead letters,
        // and has one FAILED result that says why; the quick one succeeded once
        FlakyIntent work = axon.getBean(FlakyIntent.class);
        assertThat(work.calls(hangs.getCommandId())).hasSize(ATTEMPTS);
        assertThat(work.timesDone(hangs.getCommandId())).isZero();
        Map<String, List<DispatchResult>> results = results();
        assertThat(results.get(hangs.getCommandId())).singleElement().satisfies(r -> {
            assertThat(r.getStatus()).isEqualTo(DispatchStatus.FAILED);
            assertThat(r.getError()).isEqualTo("gave up after 3 attempts: TimeoutException: the work took longer than 400 ms");
        });
        assertThat(results.get(quick.getCommandId())).singleElement()
                .satisfies(r -> assertThat(r.getStatus()).isEqualTo(DispatchStatus.SUCCEEDED));
        assertThat(readAll(topics.deadLetters())).hasSize(1);
        // no transaction outlived its timeout: the broker ended none, the first producer is still the worker's
        assertThat(meters.counter("axon.producer.renewed").count()).isZero();

        // and the worker goes on: a later command is done once, with one result
        DispatchCommand later = signer.sign(command("later", 0), Instant.now());
        send(later);
        await().atMost(Duration.ofSeconds(60)).until(() -> results().containsKey(later.getCommandId()));
        assertThat(results().get(later.getCommandId())).singleElement()
                .satisfies(r -> assertThat(r.getStatus()).isEqualTo(DispatchStatus.SUCCEEDED));
        assertThat(work.timesDone(later.getCommandId())).isEqualTo(1);
    }

    @Test
    void givenTheRegistryDownWhenACommandIsRead_whenItIsBack_thenTheCommandIsDoneOnce_andTheWorkerGoesOn() throws Exception {
        Path secrets = dir.resolve("secrets");
        CommandSeal.Signer signer = signer(secrets);
        DispatchCommand first = signer.sign(command("first", 0), Instant.now());
        send(first);
        // given: the registry answers 503 to Axon's first three look-ups of the command's schema
        registry.failNext.set(3);
        ApplicationContext axon = startAxon(secrets);

        // when: it answers again
        await().atMost(Duration.ofSeconds(60)).until(() -> results().containsKey(first.getCommandId()));

        // then: the registry did fail Axon, and the command was read again until it could be decoded: done once, one result
        assertThat(registry.failed).hasValue(3);
        FlakyIntent work = axon.getBean(FlakyIntent.class);
        assertThat(work.timesDone(first.getCommandId())).isEqualTo(1);
        assertThat(results().get(first.getCommandId())).singleElement()
                .satisfies(r -> assertThat(r.getStatus()).isEqualTo(DispatchStatus.SUCCEEDED));
        assertThat(axon.getBean(MeterRegistry.class).counter("axon.commands.undecodable").count())
                .as("a registry that fails is no bad record").isZero();

        // and the worker goes on
        DispatchCommand later = signer.sign(command("later", 0), Instant.now());
        send(later);
        await().atMost(Duration.ofSeconds(60)).until(() -> results().containsKey(later.getCommandId()));
        assertThat(work.timesDone(later.getCommandId())).isEqualTo(1);
    }

    /** Command keys in {@code secrets} (made if absent) and a signer with them, as governance-streams signs. */
    private static CommandSeal.Signer signer(Path secrets) {
        CommandSeal.keyFiles(secrets).createIfAbsent();
        return CommandSeal.Signer.fromFile(CommandSeal.keyFiles(secrets).privateFile(), Duration.ofMinutes(10));
    }

    private ApplicationContext startAxon(Path secrets) {
        return startAxon(secrets, Map.of());
    }

    private ApplicationContext startAxon(Path secrets, Map<String, Object> more) {
        Map<String, Object> properties = new HashMap<>();
        kafka.adminClientProperties().forEach((k, v) -> properties.put("kafka." + k, v));
        properties.put("axon.commands.verify-key", CommandSeal.keyFiles(secrets).publicFile().toString());
        properties.put("axon.resilience.attempts", 1);
        properties.put("axon.resilience.retry-topic-attempts", ATTEMPTS);
        properties.put("axon.resilience.retry-first-delay", FIRST_DELAY.toMillis() + "ms");
        properties.put("axon.test.flaky-intent", "true");
        properties.putAll(more);
        ApplicationContext context = ApplicationContext.builder()
                .environments("govstream", "axon")
                .deduceEnvironment(false)
                .properties(properties)
                .singletons(registry)
                .start();
        axons.add(context);
        context.getBean(CommandWorker.class);
        return context;
    }

    private static DispatchCommand command(String name, int failures) {
        return command(name, failures, "");
    }

    private static DispatchCommand command(String name, int failures, String morePayload) {
        String id = name + "-" + UUID.randomUUID();
        return DispatchCommand.newBuilder()
                .setEnvelope(Envelope.newBuilder().setEventId(id).setCorrelationId("corr-" + id).setCausationId("decision-" + id)
                        .setTenant("acme").setOccurredAt(Instant.now()).setProducer("governance-streams").build())
                .setCommandId(id).setDecisionEventId("decision-" + id).setTarget("axon").setIntent("flaky")
                .setSubject("alice").setPayload("{\"failures\":" + failures + (morePayload.isEmpty() ? "" : "," + morePayload) + "}").build();
    }

    private AvroSerde<DispatchCommand> commands() {
        return AvroSerde.forValue(DispatchCommand.class, registry);
    }

    private void send(DispatchCommand... batch) throws Exception {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(kafka.adminClientProperties(), new StringSerializer(),
                new ByteArraySerializer())) {
            for (DispatchCommand command : batch) {
                producer.send(new ProducerRecord<>(topics.axonCommands(), command.getEnvelope().getCorrelationId(),
                        commands().encode(topics.axonCommands(), command))).get();
            }
        }
    }

    private Map<String, List<DispatchResult>> results() {
        AvroSerde<DispatchResult> serde = AvroSerde.forValue(DispatchResult.class, registry, false);
        Map<String, List<DispatchResult>> byCommand = new HashMap<>();
        for (ConsumerRecord<String, byte[]> r : readAll(topics.dispatchResults())) {
            DispatchResult result = serde.decode(r.topic(), r.value());
            byCommand.computeIfAbsent(result.getCommandId(), k -> new ArrayList<>()).add(result);
        }
        return byCommand;
    }

    /** Every committed record of a topic. */
    private List<ConsumerRecord<String, byte[]>> readAll(String topic) {
        Map<String, Object> props = new HashMap<>(kafka.adminClientProperties());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<ConsumerRecord<String, byte[]>> all = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                consumer.poll(Duration.ofMillis(200)).forEach(all::add);
            }
        }
        return all;
    }
}
