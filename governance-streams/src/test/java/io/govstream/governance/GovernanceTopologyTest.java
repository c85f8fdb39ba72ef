package io.govstream.governance;

import io.govstream.topology.TopicSerdes;
import io.govstream.topology.Topics;
import io.govstream.schemas.EventHeaders;
import static org.assertj.core.api.Assertions.assertThat;

import io.govstream.events.DeadLetter;
import io.govstream.events.DispatchCommand;
import io.govstream.events.DispatchRequested;
import io.govstream.events.Effect;
import io.govstream.events.GovernanceDecision;
import io.govstream.events.LedgerEntry;
import io.govstream.governance.deadletter.DeadLetterHeaders;
import io.govstream.policy.PolicyLoader;
import io.govstream.policy.PolicySet;
import io.govstream.policy.PolicySource;
import io.govstream.ledger.LedgerRecord;
import io.govstream.ledger.LedgerVerifier;
import io.govstream.ledger.InMemoryLedger;
import io.govstream.ledger.VerificationReport;
import io.govstream.schemas.registry.InMemorySchemaRegistryClient;
import io.govstream.schemas.serde.AvroSerde;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GovernanceTopologyTest {
    private static final Topics TOPICS = ShippedShape.TOPICS;
    private final InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();
    private final TopicSerdes serdes = new TopicSerdes(registry);
    private final PolicySet policies = PolicyLoader.loadDefault();
    @TempDir
    java.nio.file.Path stateDir;
    private TopologyTestDriver driver;
    private TestInputTopic<byte[], byte[]> requests;
    private TestOutputTopic<String, GovernanceDecision> decisions;
    private TestOutputTopic<String, DispatchCommand> commands;
    private TestOutputTopic<String, LedgerEntry> ledger;
    private TestOutputTopic<byte[], DeadLetter> deadLetters;

    @BeforeEach
    void setUp() {
        Topology topology = ShippedShape.build(serdes, PolicySource.fixed(policies));
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "governance-topology-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(topology, props, Requests.NOW);
        requests = driver.createInputTopic(TOPICS.dispatchRequests(), new ByteArraySerializer(), new ByteArraySerializer());
        decisions = driver.createOutputTopic(TOPICS.decisions(), Serdes.String().deserializer(), serdes.value(Topics.DECISIONS).deserializer());
        commands = driver.createOutputTopic(TOPICS.axonCommands(), Serdes.String().deserializer(), serdes.value(Topics.AXON_COMMANDS).deserializer());
        ledger = driver.createOutputTopic(TOPICS.ledger(), Serdes.String().deserializer(), serdes.value(Topics.LEDGER).deserializer());
        deadLetters = driver.createOutputTopic(TOPICS.deadLetters(), Serdes.ByteArray().deserializer(), serdes.value(Topics.DEAD_LETTERS).deserializer());
    }

    @AfterEach
    void tearDown() {
        driver.close();
    }

    @Test
    void givenOrbitAsksAxonToReason_whenDecided_thenPermitWithCommandAndLedgerEntry() {
        send(Requests.reason("c-1"));

        TestRecord<String, GovernanceDecision> decision = decisions.readRecord();
        assertThat(decision.key()).isEqualTo("c-1");
        GovernanceDecision d = decision.value();
        assertThat(d.getEffect()).isEqualTo(Effect.PERMIT);
        assertThat(d.getRuleId()).isEqualTo("permit-orbit-axon-reason");
        assertThat(d.getReason()).isEqualTo("orbit may ask axon to reason on behalf of alice in tenant acme");
        assertThat(d.getPolicySetId()).isEqualTo("default-dispatch");
        assertThat(d.getPolicyVersion()).isEqualTo("1");
        assertThat(d.getPolicyHash()).isEqualTo(policies.contentHash());
        assertThat(d.getRequestEventId()).isEqualTo("req-c-1");
        assertThat(d.getEnvelope().getCorrelationId()).isEqualTo("c-1");
        assertThat(d.getEnvelope().getCausationId()).isEqualTo("req-c-1");
        assertThat(d.getEnvelope().getTenant()).isEqualTo("acme");
        assertThat(d.getEnvelope().getProducer()).isEqualTo("governance-streams");
        assertThat(d.getEnvelope().getOccurredAt()).isEqualTo(Requests.NOW);
        assertThat(d.getEnvelope().getEventId()).isNotEqualTo("req-c-1");

        DispatchCommand command = commands.readValue();
        assertThat(command.getDecisionEventId()).isEqualTo(d.getEnvelope().getEventId());
        assertThat(command.getTarget()).isEqualTo("axon");
        assertThat(command.getIntent()).isEqualTo("reason");
        assertThat(command.getSubject()).isEqualTo("alice");
        assertThat(command.getPayload()).isEqualTo("{\"question\":\"why\"}");

        LedgerEntry entry = ledger.readValue();
        assertThat(entry.getSequence()).isZero();
        assertThat(entry.getSubjectKey()).isEqualTo("c-1");
        assertThat(entry.getPayloadType()).isEqualTo(GovernanceDecision.getClassSchema().getFullName());
        assertThat(entry.getEnvelope().getCausationId()).isEqualTo(d.getEnvelope().getEventId());
        assertThat(deadLetters.isEmpty()).isTrue();
    }

    @Test
    void givenARequestNoRuleMatches_whenDecided_thenDefaultDenyNamingThePolicySetAndNoCommand() {
        send(Requests.request("c-2", "orbit", "billing", "refund"));

        GovernanceDecision d = decisions.readValue();
        assertThat(d.getEffect()).isEqualTo(Effect.DENY);
        assertThat(d.getRuleId()).isEqualTo("default-deny");
        assertThat(d.getReason()).contains("no rule", "default-dispatch");
        assertThat(commands.isEmpty()).isTrue();
        assertThat(ledger.readValue().getSubjectKey()).isEqualTo("c-2");
    }

    @Test
    void givenAShutdownIntent_whenDecided_thenDeniedByTheExplicitRuleWithItsReason() {
        send(Requests.request("c-3", "orbit", "axon", "shutdown"));

        GovernanceDecision d = decisions.readValue();
        assertThat(d.getEffect()).isEqualTo(Effect.DENY);
        assertThat(d.getRuleId()).isEqualTo("deny-shutdown");
        assertThat(d.getReason()).isEqualTo("shutdown is never dispatched through governance: orbit asked axon to shut down for alice in tenant acme");
        assertThat(commands.isEmpty()).isTrue();
    }

    @Test
    void givenABadTenant_whenDecided_thenDenyWithTheValidationErrorAsReason() {
        DispatchRequested request = Requests.reason("c-4");
        request.getEnvelope().setTenant("Bad_Tenant");

        send(request);

        GovernanceDecision d = decisions.readValue();
        assertThat(d.getEffect()).isEqualTo(Effect.DENY);
        assertThat(d.getRuleId()).isEqualTo("validation");
        assertThat(d.getReason()).contains("envelope.tenant 'Bad_Tenant' does not match");
        assertThat(commands.isEmpty()).isTrue();
        assertThat(ledger.readValue().getSubjectKey()).isEqualTo("c-4");
    }

    @Test
    void givenUndecodableBytes_whenProcessed_thenDeadLetterWithHeadersAndTheNextRequestIsStillDecided() {
        Headers headers = new RecordHeaders().add(EventHeaders.CORRELATION_ID, "c-bad".getBytes(StandardCharsets.UTF_8));
        requests.pipeInput(new TestRecord<>("k".getBytes(), "this is not avro".getBytes(), headers));
        send(Requests.reason("c-5"));

        TestRecord<byte[], DeadLetter> letter = deadLetters.readRecord();
        assertThat(header(letter.headers(), DeadLetterHeaders.SOURCE_TOPIC)).isEqualTo(TOPICS.dispatchRequests());
        assertThat(header(letter.headers(), DeadLetterHeaders.SOURCE_PARTITION)).isEqualTo("0");
        assertThat(header(letter.headers(), DeadLetterHeaders.SOURCE_OFFSET)).isEqualTo("0");
        assertThat(header(letter.headers(), DeadLetterHeaders.ERROR)).contains("SerializationException", "magic byte");
        assertThat(letter.value().getSourceOffset()).isZero();
        assertThat(letter.value().getEnvelope().getCorrelationId()).isEqualTo("c-bad");
        assertThat(StandardCharsets.UTF_8.decode(letter.value().getValue()).toString()).isEqualTo("this is not avro");
        assertThat(decisions.readRecordsToList()).extracting(TestRecord::key).containsExactly("c-5");
        assertThat(ledger.readValuesToList()).extracting(LedgerEntry::getSequence).containsExactly(0L);
    }

    @Test
    void givenARecordOverOneMebibyte_whenProcessed_thenDeadLetterWithTheReasonAndOnlyItsFirstKibibyte() {
        byte[] huge = new byte[io.govstream.governance.deadletter.DecodeProcessor.MAX_RECORD_BYTES + 1];
        java.util.Arrays.fill(huge, (byte) 'x');
        requests.pipeInput(new TestRecord<>("k".getBytes(), huge, new RecordHeaders()));
        send(Requests.reason("c-6"));

        TestRecord<byte[], DeadLetter> letter = deadLetters.readRecord();
        assertThat(header(letter.headers(), DeadLetterHeaders.ERROR)).contains("OversizedRecordException",
                "record value is 1048577 bytes, more than the 1048576 allowed");
        assertThat(letter.value().getValue().remaining()).isEqualTo(1024);
        assertThat(decisions.readRecordsToList()).extracting(TestRecord::key).containsExactly("c-6");
    }

    @Test
    void givenThreeRequestsOnOnePartition_whenDecided_thenTheLedgerChainContinuesAndVerifies() {
        send(Requests.reason("c-6"));
        send(Requests.request("c-7", "orbit", "axon", "shutdown"));
        send(Requests.reason("c-8"));

        List<TestRecord<String, LedgerEntry>> entries = ledger.readRecordsToList();

        assertThat(entries).extracting(r -> r.value().getSequence()).containsExactly(0L, 1L, 2L);
        assertThat(entries).extracting(r -> r.value().getPartition()).containsOnly(0);
        assertThat(entries.get(0).value().getPrevHash().array()).isEqualTo(new byte[32]);
        assertThat(entries.get(1).value().getPrevHash()).isEqualTo(entries.get(0).value().getHash());
        assertThat(entries.get(2).value().getPrevHash()).isEqualTo(entries.get(1).value().getHash());
        InMemoryLedger copy = new InMemoryLedger();
        for (int i = 0; i < entries.size(); i++) {
            copy.add(new LedgerRecord(0, i, serdes.value(Topics.LEDGER).serializer().serialize(TOPICS.ledger(), entries.get(i).value())));
        }
        LedgerVerifier verifier = new LedgerVerifier(b -> serdes.value(Topics.LEDGER).deserializer().deserialize(TOPICS.ledger(), b));
        copy.replayFromStart(verifier::accept);
        VerificationReport report = verifier.report();
        assertThat(report.isClean()).as(report.toString()).isTrue();
        assertThat(report.entriesChecked()).isEqualTo(3);
    }

    @Test
    void givenARequestWithATraceparent_whenDecided_thenEveryOutputCarriesCorrelationAndTraceHeaders() {
        send(Requests.reason("c-9"));

        String traceparent = Requests.reason("c-9").getEnvelope().getTraceparent();
        for (Headers headers : List.of(decisions.readRecord().headers(), commands.readRecord().headers(), ledger.readRecord().headers())) {
            assertThat(header(headers, EventHeaders.CORRELATION_ID)).isEqualTo("c-9");
            assertThat(header(headers, EventHeaders.TRACEPARENT)).isEqualTo(traceparent);
        }
    }

    @Test
    void givenTheTopology_whenDescribed_thenEveryNodeAndTheLedgerStoreAreNamed() {
        String description = ShippedShape.build(serdes, PolicySource.fixed(policies)).describe().toString();

        assertThat(description).doesNotContain("KSTREAM-", "KTABLE-");
        assertThat(description).contains(GovernanceTopology.DECIDE, GovernanceTopology.LEDGER_APPEND, GovernanceTopology.LEDGER_SINK,
                GovernanceTopology.DEAD_LETTERS_SINK, GovernanceTopology.AXON_COMMANDS_SINK, "stores: [ledger-heads]");
    }

    private void send(DispatchRequested request) {
        byte[] value = serdes.value(Topics.DISPATCH_REQUESTS).serializer().serialize(TOPICS.dispatchRequests(), request);
        requests.pipeInput(request.getEnvelope().getCorrelationId().getBytes(StandardCharsets.UTF_8), value);
    }

    private static String header(Headers headers, String name) {
        return EventHeaders.get(headers, name);
    }
}
