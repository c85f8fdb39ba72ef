package io.govstream.governance.gdpr;

import static org.assertj.core.api.Assertions.assertThat;

import io.govstream.events.DispatchRequested;
import io.govstream.events.Envelope;
import io.govstream.events.GovernanceDecision;
import io.govstream.events.LedgerEntry;
import io.govstream.events.LedgerEntryKind;
import io.govstream.events.SubjectDataKey;
import io.govstream.events.SubjectErasure;
import io.govstream.governance.observe.GovernanceObserver;
import io.govstream.topology.TopicSerdes;
import io.govstream.topology.Topics;
import io.govstream.governance.GovernanceTopology;
import io.govstream.governance.ShippedShape;
import io.govstream.governance.LedgerWiring;
import io.govstream.governance.Requests;
import io.govstream.policy.PolicyEnvironment;
import io.govstream.policy.PolicyLoader;
import io.govstream.policy.PolicySource;
import io.govstream.ledger.Bytes;
import io.govstream.ledger.InMemoryLedger;
import io.govstream.ledger.LedgerHeadRecovery;
import io.govstream.ledger.LedgerRecord;
import io.govstream.ledger.LedgerVerifier;
import io.govstream.ledger.VerificationReport;
import io.govstream.ledger.checkpoint.CheckpointPolicy;
import io.govstream.ledger.export.ExportRow;
import io.govstream.ledger.gdpr.DataKeys;
import io.govstream.ledger.gdpr.KeyEncryptionKey;
import io.govstream.ledger.gdpr.KeyRing;
import io.govstream.ledger.gdpr.PersonalFields;
import io.govstream.schemas.gdpr.SubjectRef;
import io.govstream.schemas.registry.InMemorySchemaRegistryClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PersonalDataTopologyTest {
    private static final Topics TOPICS = ShippedShape.TOPICS;
    private final TopicSerdes serdes = new TopicSerdes(new InMemorySchemaRegistryClient());
    private final KeyEncryptionKey kek = KeyEncryptionKey.of(DataKeys.generate(), "memory");
    @TempDir
    Path stateDir;
    private TopologyTestDriver driver;
    private TestInputTopic<byte[], byte[]> requests;
    private TestInputTopic<String, SubjectErasure> erasures;
    private TestOutputTopic<String, GovernanceDecision> decisions;
    private TestOutputTopic<String, LedgerEntry> ledger;
    private TestOutputTopic<String, SubjectDataKey> keys;

    @BeforeEach
    void setUp() {
        var topology = ShippedShape.build(serdes, PolicySource.fixed(PolicyLoader.loadDefault()),
                new LedgerWiring(LedgerHeadRecovery.NONE, null, CheckpointPolicy.DEFAULT, kek));
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "personal-data-topology-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(topology, props, Requests.NOW);
        requests = driver.createInputTopic(TOPICS.dispatchRequests(), new ByteArraySerializer(), new ByteArraySerializer());
        erasures = driver.createInputTopic(TOPICS.ledgerErasures(), Serdes.String().serializer(), serdes.value(Topics.LEDGER_ERASURES).serializer());
        decisions = driver.createOutputTopic(TOPICS.decisions(), Serdes.String().deserializer(), serdes.value(Topics.DECISIONS).deserializer());
        ledger = driver.createOutputTopic(TOPICS.ledger(), Serdes.String().deserializer(), serdes.value(Topics.LEDGER).deserializer());
        keys = driver.createOutputTopic(TOPICS.ledgerKeys(), Serdes.String().deserializer(), serdes.value(Topics.LEDGER_KEYS).deserializer());
    }

    @AfterEach
    void tearDown() {
        driver.close();
    }

    @Test
    void givenTwoSubjects_whenDecided_thenLedgerHoldsCiphertext_oneKeyPerSubjectIsPublished_andTheKeysOpenIt() {
        send("c-1", "alice");
        send("c-2", "bobby");
        send("c-3", "alice");

        assertThat(decisions.readValuesToList()).extracting(GovernanceDecision::getSubject).containsExactly("alice", "bobby", "alice");
        List<LedgerEntry> entries = ledger.readValuesToList();
        assertThat(entries).hasSize(3);
        for (LedgerEntry e : entries) {
            String payload = new String(Bytes.of(e.getPayload()), StandardCharsets.ISO_8859_1);
            assertThat(payload).doesNotContain("alice").doesNotContain("bobby").contains("gdpr:v1:");
        }
        List<KeyValue<String, SubjectDataKey>> published = keys.readKeyValuesToList();
        assertThat(published).extracting(kv -> kv.key)
                .containsExactly(SubjectRef.keyOf(SubjectRef.of("alice"), 0), SubjectRef.keyOf(SubjectRef.of("bobby"), 0));

        KeyRing ring = ring(published);
        assertThat(entries).extracting(e -> ExportRow.of(e, 0, ExportRow.Reveal.with(ring)).subject()).containsExactly("alice", "bobby", "alice");
        assertThat(verify(entries).isClean()).isTrue();
    }

    @Test
    void givenAnErasure_whenProcessed_thenTheKeyIsTombstoned_theErasureIsLedgered_andTheChainStillVerifies() {
        send("c-1", "alice");
        send("c-2", "bobby");
        erasures.pipeInput(SubjectRef.of("alice"), erasure("alice"));
        send("c-3", "alice");

        List<LedgerEntry> entries = ledger.readValuesToList();
        assertThat(entries).extracting(LedgerEntry::getKind).containsExactly(LedgerEntryKind.DECISION, LedgerEntryKind.DECISION,
                LedgerEntryKind.STATE_CHANGE, LedgerEntryKind.DECISION);
        assertThat(entries.get(2).getPayloadType()).isEqualTo("io.govstream.events.SubjectErasure");

        List<KeyValue<String, SubjectDataKey>> published = keys.readKeyValuesToList();
        String aliceKey = SubjectRef.keyOf(SubjectRef.of("alice"), 0);
        assertThat(published).extracting(kv -> kv.key).containsExactly(aliceKey, SubjectRef.keyOf(SubjectRef.of("bobby"), 0), aliceKey, aliceKey);
        assertThat(published.get(2).value).as("tombstone").isNull();
        assertThat(published.get(3).value).as("a new key for alice's later request").isNotNull();

        KeyRing ring = ring(published);
        List<ExportRow> rows = entries.stream().map(e -> ExportRow.of(e, 0, ExportRow.Reveal.with(ring))).toList();
        assertThat(rows.get(0).subject()).isEqualTo(PersonalFields.ERASED);
        assertThat(rows.get(0).reason()).isEqualTo(PersonalFields.ERASED);
        assertThat(rows.get(1).subject()).isEqualTo("bobby");
        assertThat(rows.get(2).subjectRef()).isEqualTo(SubjectRef.of("alice"));
        assertThat(rows.get(3).subject()).isEqualTo("alice");
        VerificationReport report = verify(entries);
        assertThat(report.isClean()).as(report.toString()).isTrue();
        assertThat(report.entriesChecked()).isEqualTo(4);
    }

    @Test
    void givenTheGdprTopology_whenDescribed_thenTheKeyStoreAndNewNodesAreNamed() {
        String description = ShippedShape.build(serdes, PolicySource.fixed(PolicyLoader.loadDefault()),
                new LedgerWiring(LedgerHeadRecovery.NONE, null, CheckpointPolicy.DEFAULT, kek)).describe().toString();
        assertThat(description).doesNotContain("KSTREAM-", "KTABLE-");
        assertThat(description).contains(GovernanceTopology.PROTECT_PERSONAL_DATA, GovernanceTopology.ERASE_SUBJECT,
                GovernanceTopology.SUBJECT_KEYS_SINK, "ledger-subject-keys");
    }

    private KeyRing ring(List<KeyValue<String, SubjectDataKey>> published) {
        KeyRing ring = new KeyRing(kek);
        published.forEach(kv -> ring.accept(kv.key, kv.value == null ? null : Bytes.of(kv.value.getWrappedKeyset())));
        return ring;
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

    private static SubjectErasure erasure(String subject) {
        return SubjectErasure.newBuilder()
                .setEnvelope(Envelope.newBuilder().setEventId("erase-1").setCorrelationId("erase-1").setCausationId("erase-1")
                        .setTenant("acme").setOccurredAt(Requests.NOW).setProducer("govctl").setTraceparent(null).build())
                .setSubjectRef(SubjectRef.of(subject)).setRequestedBy("dpo").setReason("ticket 42").build();
    }

    private void send(String correlationId, String subject) {
        DispatchRequested request = Requests.reason(correlationId);
        request.setSubject(subject);
        byte[] value = serdes.value(Topics.DISPATCH_REQUESTS).serializer().serialize(TOPICS.dispatchRequests(), request);
        requests.pipeInput(correlationId.getBytes(StandardCharsets.UTF_8), value);
    }
}
