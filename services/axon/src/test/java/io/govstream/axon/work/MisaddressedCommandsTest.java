package io.govstream.axon.work;

import static org.assertj.core.api.Assertions.assertThat;

import io.govstream.events.DeadLetter;
import io.govstream.events.DispatchCommand;
import io.govstream.events.DispatchResult;
import io.govstream.events.DispatchStatus;
import io.govstream.events.Envelope;
import io.govstream.runtime.commands.CommandSeal;
import io.govstream.runtime.commands.NonceStore;
import io.govstream.runtime.tracing.Tracing;
import io.govstream.schemas.registry.InMemorySchemaRegistryClient;
import io.govstream.schemas.serde.AvroSerde;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Axon executes only commands addressed to it: a permitted command for another target is refused, reported and never done.
 * And what is no command at all (an empty record, bytes under a schema id the registry never issued, a retry header that
 * did not come from Axon's retry topic) is skipped or ignored: it never stops the worker, which would read it again at
 * every start.
 */
class MisaddressedCommandsTest {
    private static final Instant NOW = Instant.now();
    private static final int PARTITIONS = 3;
    private static final String COMMANDS = "governance.axon.commands";
    private static final String RESULTS = "governance.dispatch.results";
    private static final String REFUSALS = "governance.axon.refusals";

    @TempDir
    Path secrets;
    private final InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();
    private final AvroSerde<DispatchCommand> commands = AvroSerde.forValue(DispatchCommand.class, registry);
    private final AvroSerde<DispatchResult> results = AvroSerde.forValue(DispatchResult.class, registry);
    private final MockProducer<String, byte[]> producer = new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer());
    private final List<String> done = new ArrayList<>();
    private CommandSeal.Signer signer;
    private CommandProcessor processor;
    private SimpleMeterRegistry meters;

    @BeforeEach
    void setUp() {
        signer = CommandSeal.Signer.fromFile(CommandSeal.keyFiles(secrets).createIfAbsent(), Duration.ofMinutes(10));
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        this.meters = meters;
        WorkMeters workMeters = new WorkMeters(meters, Set.of("reason", "refund", "broken"));
        ResultWriter writer = new ResultWriter(() -> producer, results, RESULTS, "axon-test");
        IntentHandler reason = handler("reason");
        IntentHandler refund = handler("refund");
        processor = new CommandProcessor(commands,
                new CommandGate(CommandSeal.keyFiles(secrets).publicFile(), new NonceStore(), new NonceStore(), "axon"),
                new Refusals(writer, REFUSALS, workMeters, "axon"), Map.of("reason", reason, "refund", refund, "broken", broken()),
                new ResilientWork(meters, 1, Duration.ofMillis(1), 20, Duration.ofSeconds(30), Duration.ofSeconds(5)),
                new RetryRouter(() -> producer, AvroSerde.forValue(DeadLetter.class, registry), new RetrySchedule(1, Duration.ofSeconds(1)),
                        COMMANDS + ".retry", "governance.dead-letters", workMeters),
                writer, workMeters, new CommandRouting(topic -> PARTITIONS), Tracing.off());
        processor.begin();
    }

    @Test
    void givenAPermittedCommandForBilling_whenAxonReadsIt_thenRefusedAsMisaddressedReportedAndNotDone() {
        process(signer.sign(command("c1", "billing", "refund"), NOW));

        assertThat(done).isEmpty();
        DispatchResult refusal = single(REFUSALS);
        assertThat(refusal.getStatus()).isEqualTo(DispatchStatus.REFUSED);
        assertThat(refusal.getError()).isEqualTo("refused (misaddressed): the command is addressed to 'billing'; this worker"
                + " executes only commands addressed to 'axon'");
        assertThat(refusal.getEnvelope().getCorrelationId()).isEqualTo("corr-c1");
        assertThat(single(RESULTS)).isEqualTo(refusal);
    }

    @Test
    void givenAMisaddressedCommandThenOneForAxon_whenRead_thenOnlyTheOneForAxonIsDone() {
        process(signer.sign(command("c2", "billing", "reason"), NOW));
        process(signer.sign(command("c3", "axon", "reason"), NOW));

        assertThat(done).containsExactly("reason:c3");
        assertThat(written(RESULTS)).extracting(DispatchResult::getStatus).containsExactly(DispatchStatus.REFUSED, DispatchStatus.SUCCEEDED);
        assertThat(written(REFUSALS)).extracting(r -> r.getEnvelope().getCorrelationId()).containsExactly("corr-c2");
    }

    @Test
    void givenAnUnsignedCommandForBilling_whenRead_thenTheMissingSignatureIsWhatIsReported() {
        process(command("c4", "billing", "refund"));

        assertThat(single(REFUSALS).getError()).startsWith("refused (unsigned)");
        assertThat(done).isEmpty();
    }

    @Test
    void givenAnEmptyRecordAndOneUnderASchemaIdNeverIssued_whenRead_thenEachIsSkippedAsUndecodable_andTheNextCommandIsDone() {
        String key = "corr-x";
        int partition = CommandRouting.partitionOf(key, PARTITIONS);

        processor.process(new ConsumerRecord<>(COMMANDS, partition, 0, key, null));
        processor.process(new ConsumerRecord<>(COMMANDS, partition, 1, key, new byte[]{0, 0, 0, 0x7f, 0x7f, 2, 'x'}));
        process(signer.sign(command("c7", "axon", "reason"), NOW));

        assertThat(meters.counter("axon.commands.undecodable").count()).isEqualTo(2.0);
        assertThat(done).containsExactly("reason:c7");
        assertThat(written(RESULTS)).extracting(DispatchResult::getStatus).containsExactly(DispatchStatus.SUCCEEDED);
    }

    @Test
    void givenARetryHeaderOnTheCommandsTopic_whenTheWorkFails_thenItIsTheFirstAttempt_notWhatTheHeaderSays() {
        DispatchCommand command = signer.sign(command("c8", "axon", "broken"), NOW);
        String key = command.getEnvelope().getCorrelationId().toString();
        ConsumerRecord<String, byte[]> record = new ConsumerRecord<>(COMMANDS, CommandRouting.partitionOf(key, PARTITIONS), 0, key,
                commands.encode(COMMANDS, command));
        // governance-streams passes a request's headers on to its command: an external producer chose this one
        record.headers().add(RetrySchedule.ATTEMPT, "abc".getBytes(java.nio.charset.StandardCharsets.UTF_8));

        processor.process(record);

        assertThat(single(RESULTS).getError()).isEqualTo("gave up after 1 attempts: IllegalStateException: downstream down");
    }

    private static IntentHandler broken() {
        return new IntentHandler() {
            @Override
            public String intent() {
                return "broken";
            }

            @Override
            public String handle(DispatchCommand command) {
                throw new IllegalStateException("downstream down");
            }
        };
    }

    private IntentHandler handler(String intent) {
        return new IntentHandler() {
            @Override
            public String intent() {
                return intent;
            }

            @Override
            public String handle(DispatchCommand command) {
                done.add(intent + ":" + command.getCommandId());
                return "{}";
            }
        };
    }

    @Test
    void givenASignedCommandOnAnotherPartitionThanItsKeys_whenRead_thenRefusedAsMisrouted_notDone_andNoResult() {
        DispatchCommand command = signer.sign(command("c5", "axon", "reason"), NOW);
        String key = command.getEnvelope().getCorrelationId().toString();
        int elsewhere = (CommandRouting.partitionOf(key, PARTITIONS) + 1) % PARTITIONS;

        processor.process(new ConsumerRecord<>(COMMANDS, elsewhere, 0, key, commands.encode(COMMANDS, command)));

        assertThat(done).isEmpty();
        assertThat(single(REFUSALS).getError()).startsWith("refused (misrouted): the record is not where its correlation id routes it");
        assertThat(written(RESULTS)).as("the genuine record is answered where it belongs").isEmpty();

        // and where it belongs, the same command is done: the misrouted copy marked nothing as seen
        process(command);
        assertThat(done).containsExactly("reason:c5");
    }

    @Test
    void givenASignedCommandUnderAnotherKey_whenRead_thenRefusedAsMisrouted() {
        DispatchCommand command = signer.sign(command("c6", "axon", "reason"), NOW);
        String otherKey = "corr-other";

        processor.process(new ConsumerRecord<>(COMMANDS, CommandRouting.partitionOf(otherKey, PARTITIONS), 0, otherKey,
                commands.encode(COMMANDS, command)));

        assertThat(done).isEmpty();
        assertThat(single(REFUSALS).getError()).startsWith("refused (misrouted)");
    }

    /** As governance-streams writes it: keyed by correlation id, on that key's partition. */
    private void process(DispatchCommand command) {
        String key = command.getEnvelope().getCorrelationId().toString();
        processor.process(new ConsumerRecord<>(COMMANDS, CommandRouting.partitionOf(key, PARTITIONS), done.size(), key,
                commands.encode(COMMANDS, command)));
    }

    private List<DispatchResult> written(String topic) {
        return producer.history().stream().filter(r -> r.topic().equals(topic)).map(ProducerRecord::value)
                .map(bytes -> results.decode(topic, bytes)).toList();
    }

    private DispatchResult single(String topic) {
        List<DispatchResult> written = written(topic);
        assertThat(written).hasSize(1);
        return written.get(0);
    }

    private static DispatchCommand command(String id, String target, String intent) {
        return DispatchCommand.newBuilder()
                .setEnvelope(Envelope.newBuilder().setEventId(id).setCorrelationId("corr-" + id).setCausationId("d")
                        .setTenant("acme").setOccurredAt(NOW).setProducer("governance-streams").build())
                .setCommandId(id).setDecisionEventId("d-" + id).setTarget(target).setIntent(intent)
                .setSubject("alice").setPayload("{}").build();
    }
}
