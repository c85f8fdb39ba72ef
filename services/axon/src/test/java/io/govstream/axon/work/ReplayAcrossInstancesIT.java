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
import io.micronaut.runtime.server.EmbeddedServer;
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
 * Replay protection across Axon instances: two workers in one group on three partitions. A command
 * one of them did is refused as a replay by the other once its partition moves there (the other
 * started before it was done, so only reading the results partition on assignment can tell it);
 * a signed command written to another partition than its key's is refused as misrouted, by
 * whichever worker holds that partition, and never done.
 */
@Timeout(180)
class ReplayAcrossInstancesIT {
    private static final int PARTITIONS = 3;

    @TempDir
    Path dir;
    private EmbeddedKafka kafka;
    /** In memory, and down when a test says so (503 to look-ups of a schema by id). */
    private final FailingRegistry registry = new FailingRegistry();
    private final Topics topics = new Topics(Catalogue.load());
    private final List<ApplicationContext> axons = new ArrayList<>();

    /** Where the command keys are; the signer of governance-streams' commands. */
    private Path secrets;
    private CommandSeal.Signer signer;

    @BeforeEach
    void startBroker() throws Exception {
        secrets = dir.resolve("secrets");
        CommandSeal.keyFiles(secrets).createIfAbsent();
        signer = CommandSeal.Signer.fromFile(CommandSeal.keyFiles(secrets).privateFile(), Duration.ofMinutes(10));
        kafka = EmbeddedKafka.start(BrokerSettings.ephemeral(dir.resolve("broker")));
        registry.register(topics.deadLetters() + "-value", DeadLetter.getClassSchema());
        try (Admin admin = Admin.create(kafka.adminClientProperties())) {
            admin.createTopics(List.of(topics.axonCommands(), topics.axonCommandsRetry(), topics.dispatchResults(),
                    topics.deadLetters(), topics.axonRefusals()).stream().map(t -> new NewTopic(t, PARTITIONS, (short) 1)).toList()).all().get();
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
    void givenTwoWorkers_whenACommandDoneByOneIsReplayedAfterItsPartitionMoved_thenTheOtherRefusesIt_andAMisroutedCopyIsNeverDone()
            throws Exception {
        ApplicationContext first = startAxon();
        ApplicationContext second = startAxon();
        // Both are in the group, each with partitions of its own.
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> assigned(first) > 0 && assigned(second) > 0);

        // given: a command done by one of them
        DispatchCommand command = signer.sign(command("done-once"), Instant.now());
        send(command, partitionOf(command));
        await().atMost(Duration.ofSeconds(60)).until(() -> results().containsKey(command.getCommandId()));
        ApplicationContext doer = calls(first, command) == 1 ? first : second;
        ApplicationContext other = doer == first ? second : first;
        assertThat(calls(other, command)).as("done by one worker").isZero();

        // when: that worker leaves, its partitions move to the other, and the same record comes again
        doer.close();
        axons.remove(doer);
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> assigned(other) == PARTITIONS);
        send(command, partitionOf(command));

        // then: refused as a replay, not done again, one result
        MeterRegistry meters = other.getBean(MeterRegistry.class);
        await().atMost(Duration.ofSeconds(60)).until(() -> meters.counter("axon.commands.refused", "reason", "replayed").count() == 1.0);
        assertThat(calls(other, command)).isZero();
        assertThat(results().get(command.getCommandId())).singleElement()
                .satisfies(result -> assertThat(result.getStatus()).isEqualTo(DispatchStatus.SUCCEEDED));

        // and: a command never done, written around the routing onto another partition, is refused and not done
        DispatchCommand misrouted = signer.sign(command("misrouted"), Instant.now());
        send(misrouted, (partitionOf(misrouted) + 1) % PARTITIONS);
        await().atMost(Duration.ofSeconds(60)).until(() -> meters.counter("axon.commands.refused", "reason", "misrouted").count() == 1.0);
        assertThat(calls(other, misrouted)).isZero();
        assertThat(results()).doesNotContainKey(misrouted.getCommandId());
    }

    @Test
    void givenTheRegistryDownWhenAWorkerIsAssignedPartitions_whenItAnswersAgain_thenTheWorkerRestoresWhatWasDone_andRefusesAReplay()
            throws Exception {
        ApplicationContext first = startAxon();
        DispatchCommand command = signer.sign(command("done-before-the-restart"), Instant.now());
        send(command, partitionOf(command));
        await().atMost(Duration.ofSeconds(60)).until(() -> results().containsKey(command.getCommandId()));
        first.close();
        axons.remove(first);

        // when: a worker starts while the registry answers its first three look-ups of a schema with 503
        registry.failNext.set(3);
        ApplicationContext second = startAxon();

        // then: it reads the done results once the registry answers, keeps its partitions and refuses the replay
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> assigned(second) == PARTITIONS);
        await().atMost(Duration.ofSeconds(60)).until(() -> registry.failed.get() == 3);
        send(command, partitionOf(command));
        MeterRegistry meters = second.getBean(MeterRegistry.class);
        await().atMost(Duration.ofSeconds(60)).until(() -> meters.counter("axon.commands.refused", "reason", "replayed").count() == 1.0);
        assertThat(calls(second, command)).isZero();
        assertThat(assigned(second)).as("the worker still runs").isEqualTo(PARTITIONS);
        assertThat(results().get(command.getCommandId())).singleElement()
                .satisfies(result -> assertThat(result.getStatus()).isEqualTo(DispatchStatus.SUCCEEDED));
    }

    private static int partitionOf(DispatchCommand command) {
        return CommandRouting.partitionOf(command.getEnvelope().getCorrelationId().toString(), PARTITIONS);
    }

    /** Partitions of the commands topic the group coordinator has given this worker. */
    private int assigned(ApplicationContext axon) throws Exception {
        AxonSettings settings = axon.getBean(AxonSettings.class);
        String clientId = settings.workerId() + "-commands";
        try (Admin admin = Admin.create(kafka.adminClientProperties())) {
            return admin.describeConsumerGroups(List.of(settings.groupId())).all().get().get(settings.groupId()).members().stream()
                    .filter(member -> member.clientId().equals(clientId))
                    .mapToInt(member -> (int) member.assignment().topicPartitions().stream()
                            .filter(partition -> partition.topic().equals(topics.axonCommands())).count())
                    .sum();
        }
    }

    private static int calls(ApplicationContext axon, DispatchCommand command) {
        return axon.getBean(FlakyIntent.class).calls(command.getCommandId()).size();
    }

    private ApplicationContext startAxon() {
        Map<String, Object> properties = new HashMap<>();
        kafka.adminClientProperties().forEach((k, v) -> properties.put("kafka." + k, v));
        properties.put("axon.commands.verify-key", CommandSeal.keyFiles(secrets).publicFile().toString());
        properties.put("axon.test.flaky-intent", "true");
        properties.put("micronaut.server.host", "127.0.0.1");
        properties.put("micronaut.server.port", -1);
        ApplicationContext context = ApplicationContext.builder()
                .environments("govstream", "axon")
                .deduceEnvironment(false)
                .properties(properties)
                .singletons(registry)
                .start();
        axons.add(context);
        // As the service starts (AxonApplication): the HTTP server, nothing asks for the worker; it starts with the server.
        context.getBean(EmbeddedServer.class).start();
        return context;
    }

    private static DispatchCommand command(String name) {
        String id = name + "-" + UUID.randomUUID();
        return DispatchCommand.newBuilder()
                .setEnvelope(Envelope.newBuilder().setEventId(id).setCorrelationId("corr-" + id).setCausationId("decision-" + id)
                        .setTenant("acme").setOccurredAt(Instant.now()).setProducer("governance-streams").build())
                .setCommandId(id).setDecisionEventId("decision-" + id).setTarget("axon").setIntent("flaky")
                .setSubject("alice").setPayload("{\"failures\":0}").build();
    }

    private void send(DispatchCommand command, int partition) throws Exception {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(kafka.adminClientProperties(), new StringSerializer(),
                new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topics.axonCommands(), partition, command.getEnvelope().getCorrelationId().toString(),
                    AvroSerde.forValue(DispatchCommand.class, registry).encode(topics.axonCommands(), command))).get();
        }
    }

    /** Every committed result by command id. */
    private Map<String, List<DispatchResult>> results() {
        AvroSerde<DispatchResult> serde = AvroSerde.forValue(DispatchResult.class, registry, false);
        Map<String, Object> props = new HashMap<>(kafka.adminClientProperties());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        Map<String, List<DispatchResult>> byCommand = new HashMap<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topics.dispatchResults()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    DispatchResult result = serde.decode(r.topic(), r.value());
                    byCommand.computeIfAbsent(result.getCommandId().toString(), k -> new ArrayList<>()).add(result);
                }
            }
        }
        return byCommand;
    }
}
