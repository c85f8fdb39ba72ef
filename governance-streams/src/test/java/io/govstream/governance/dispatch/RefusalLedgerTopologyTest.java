package io.govstream.governance.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.govstream.events.DeadLetter;
import io.govstream.events.DispatchResult;
import io.govstream.events.DispatchStatus;
import io.govstream.events.Envelope;
import io.govstream.events.LedgerEntry;
import io.govstream.events.LedgerEntryKind;
import io.govstream.topology.TopicSerdes;
import io.govstream.topology.Topics;
import io.govstream.governance.GovernanceTopology;
import io.govstream.governance.ShippedShape;
import io.govstream.governance.Requests;
import io.govstream.policy.PolicyLoader;
import io.govstream.policy.PolicySource;
import io.govstream.ledger.InMemoryLedger;
import io.govstream.ledger.LedgerRecord;
import io.govstream.ledger.LedgerVerifier;
import io.govstream.ledger.VerificationReport;
import io.govstream.schemas.registry.InMemorySchemaRegistryClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Commands Axon refused reach the ledger through the decision task's appender, on the same chain. */
class RefusalLedgerTopologyTest {
    private static final Topics TOPICS = ShippedShape.TOPICS;
    private static final String POLICY = """
            id: reasons
            rules:
              - id: permit-reason
                match: {intent: reason}
                effect: PERMIT
                reason: "reason is always allowed"
            """;

    private final TopicSerdes serdes = new TopicSerdes(new InMemorySchemaRegistryClient());
    @TempDir
    Path stateDir;
    private TopologyTestDriver driver;
    private TestInputTopic<byte[], byte[]> requests;
    private TestInputTopic<byte[], byte[]> refusals;
    private TestOutputTopic<String, LedgerEntry> ledger;
    private TestOutputTopic<byte[], DeadLetter> deadLetters;

    @BeforeEach
    void setUp() {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "refusal-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(ShippedShape.build(serdes, policy()), props, Requests.NOW);
        requests = driver.createInputTopic(TOPICS.dispatchRequests(), new ByteArraySerializer(), new ByteArraySerializer());
        refusals = driver.createInputTopic(TOPICS.axonRefusals(), new ByteArraySerializer(), new ByteArraySerializer());
        ledger = driver.createOutputTopic(TOPICS.ledger(), Serdes.String().deserializer(), serdes.value(Topics.LEDGER).deserializer());
        deadLetters = driver.createOutputTopic(TOPICS.deadLetters(), Serdes.ByteArray().deserializer(),
                serdes.value(Topics.DEAD_LETTERS).deserializer());
    }

    @AfterEach
    void tearDown() {
        driver.close();
    }

    @Test
    void givenAPermittedRequestAndTwoRefusals_whenTheRefusalsArrive_thenEachIsALedgerEntryOnTheChain_andTheChainVerifies() {
        requests.pipeInput(key("c-1"), serdes.value(Topics.DISPATCH_REQUESTS).serializer().serialize(TOPICS.dispatchRequests(), Requests.reason("c-1")));
        DispatchResult expired = refused("c-1", "refused (expired): expired at 2026-03-01T11:00:00Z");
        DispatchResult forged = refused("c-forged", "refused (unsigned): the command carries no signature, key id, expiry or nonce");
        refusals.pipeInput(key("c-1"), serdes.value(Topics.AXON_REFUSALS).serializer().serialize(TOPICS.axonRefusals(), expired));
        refusals.pipeInput(key("c-forged"), serdes.value(Topics.AXON_REFUSALS).serializer().serialize(TOPICS.axonRefusals(), forged));

        List<LedgerEntry> entries = ledger.readValuesToList();
        assertThat(entries).extracting(LedgerEntry::getKind, LedgerEntry::getSubjectKey).containsExactly(
                tuple(LedgerEntryKind.DECISION, "c-1"),
                tuple(LedgerEntryKind.STATE_CHANGE, "c-1"),
                tuple(LedgerEntryKind.STATE_CHANGE, "c-forged"));
        assertThat(entries).extracting(LedgerEntry::getSequence).containsExactly(0L, 1L, 2L);
        LedgerEntry refusal = entries.get(1);
        assertThat(refusal.getPayloadType()).isEqualTo(DispatchResult.getClassSchema().getFullName());
        DispatchResult recorded = payload(refusal);
        assertThat(recorded.getStatus()).isEqualTo(DispatchStatus.REFUSED);
        assertThat(recorded.getError()).isEqualTo(expired.getError());
        assertThat(recorded.getCommandId()).isEqualTo(expired.getCommandId());

        VerificationReport report = verify(entries);
        assertThat(report.isClean()).as(report.toString()).isTrue();
    }

    @Test
    void givenAnUndecodableRefusal_whenRead_thenItIsDeadLetteredWithItsSource_andNothingIsLedgered() {
        refusals.pipeInput(key("c-2"), "not avro".getBytes(StandardCharsets.UTF_8));

        assertThat(ledger.isEmpty()).isTrue();
        DeadLetter letter = deadLetters.readValue();
        assertThat(letter.getSourceTopic()).isEqualTo(TOPICS.axonRefusals());
        assertThat(letter.getSourceOffset()).isZero();
    }

    @Test
    void givenTheRefusalsTopic_thenItsSourceSharesTheDecisionTask_andEveryPartIsNamed() {
        var description = ShippedShape.build(serdes, policy()).describe();

        assertThat(description.toString()).contains(GovernanceTopology.REFUSALS_SOURCE, GovernanceTopology.REFUSAL_FACT,
                GovernanceTopology.REFUSAL_LEDGER_FACTS).doesNotContain("KSTREAM-");
        assertThat(description.subtopologies()).filteredOn(s -> s.toString().contains(GovernanceTopology.REFUSAL_FACT))
                .singleElement().satisfies(s -> assertThat(s.toString()).contains(GovernanceTopology.DECIDE,
                        GovernanceTopology.LEDGER_APPEND, "topics: [" + TOPICS.axonRefusals() + "]", "topics: [dispatch-by-tenant-repartition]"));
    }

    private static PolicySource policy() {
        return PolicySource.fixed(PolicyLoader.parse(POLICY, "reasons.yaml"));
    }

    private static byte[] key(String correlationId) {
        return correlationId.getBytes(StandardCharsets.UTF_8);
    }

    private static DispatchResult refused(String correlationId, String error) {
        return DispatchResult.newBuilder()
                .setEnvelope(Envelope.newBuilder().setEventId("refusal-" + correlationId).setCorrelationId(correlationId)
                        .setCausationId("cmd-" + correlationId).setTenant("acme").setOccurredAt(Requests.NOW).setProducer("axon")
                        .build())
                .setCommandId("cmd-" + correlationId).setWorker("axon-1").setStatus(DispatchStatus.REFUSED).setOutput("{}")
                .setError(error).setStartedAt(Requests.NOW).setFinishedAt(Requests.NOW).build();
    }

    private static DispatchResult payload(LedgerEntry entry) {
        try {
            return new SpecificDatumReader<>(DispatchResult.class).read(null,
                    DecoderFactory.get().binaryDecoder(entry.getPayload().array(), null));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private VerificationReport verify(List<LedgerEntry> entries) {
        InMemoryLedger copy = new InMemoryLedger();
        for (int i = 0; i < entries.size(); i++) {
            copy.add(new LedgerRecord(0, i, serdes.value(Topics.LEDGER).serializer().serialize(TOPICS.ledger(), entries.get(i))));
        }
        LedgerVerifier verifier = new LedgerVerifier(b -> serdes.value(Topics.LEDGER).deserializer().deserialize(TOPICS.ledger(), b));
        copy.replayFromStart(verifier::accept);
        return verifier.report();
    }
}
