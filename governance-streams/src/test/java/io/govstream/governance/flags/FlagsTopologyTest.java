package io.govstream.governance.flags;

import static org.assertj.core.api.Assertions.assertThat;

import io.govstream.events.DeadLetter;
import io.govstream.events.DispatchRequested;
import io.govstream.events.Effect;
import io.govstream.events.Envelope;
import io.govstream.events.FlagChange;
import io.govstream.events.FlagJson;
import io.govstream.events.GovernanceDecision;
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
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Feature flags in the topology: live in decisions, ledgered old → new, deleted, rejected, changelogged. */
class FlagsTopologyTest {
    private static final String APP = "flags-topology-test";
    private static final Topics TOPICS = ShippedShape.TOPICS;

    private final InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();
    private final TopicSerdes serdes = new TopicSerdes(registry);
    @TempDir
    java.nio.file.Path stateDir;
    private TopologyTestDriver driver;
    private TestInputTopic<byte[], byte[]> requests;
    private TestInputTopic<byte[], byte[]> flags;
    private TestOutputTopic<String, GovernanceDecision> decisions;
    private TestOutputTopic<String, LedgerEntry> ledger;
    private TestOutputTopic<String, DeadLetter> deadLetters;
    private int sequence;

    @BeforeEach
    void setUp() {
        start(PolicySource.fixed(PolicyLoader.loadDefault()));
    }

    private void start(PolicySource policies) {
        if (driver != null) {
            driver.close();
        }
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, APP);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(ShippedShape.build(serdes, policies), props, Requests.NOW);
        requests = driver.createInputTopic(TOPICS.dispatchRequests(), new ByteArraySerializer(), new ByteArraySerializer());
        flags = driver.createInputTopic(TOPICS.flags(), new ByteArraySerializer(), new ByteArraySerializer());
        decisions = driver.createOutputTopic(TOPICS.decisions(), Serdes.String().deserializer(), serdes.value(Topics.DECISIONS).deserializer());
        ledger = driver.createOutputTopic(TOPICS.ledger(), Serdes.String().deserializer(), serdes.value(Topics.LEDGER).deserializer());
        deadLetters = driver.createOutputTopic(TOPICS.deadLetters(), Serdes.String().deserializer(), serdes.value(Topics.DEAD_LETTERS).deserializer());
    }

    @AfterEach
    void tearDown() {
        driver.close();
    }

    @Test
    void givenAxonPausedSet_whenDispatched_thenTheKillSwitchDenies_andUnsetRestoresTheDefault() {
        assertThat(decide(Requests.reason("c-1")).getEffect()).isEqualTo(Effect.PERMIT);

        set("axon_paused", true, "alice");
        GovernanceDecision paused = decide(Requests.reason("c-2"));
        assertThat(paused.getEffect()).isEqualTo(Effect.DENY);
        assertThat(paused.getRuleId()).isEqualTo("axon-kill-switch");
        assertThat(paused.getReason()).startsWith("dispatches to axon are paused (flag axon_paused)");

        unset("axon_paused", "bob");
        GovernanceDecision resumed = decide(Requests.reason("c-3"));
        assertThat(resumed.getEffect()).isEqualTo(Effect.PERMIT);
        assertThat(resumed.getRuleId()).isEqualTo("permit-orbit-axon-reason");
    }

    @Test
    void givenFlagChanges_whenLedgered_thenEachEntryNamesWhoWhenAndOldToNew_andTheChainVerifies() {
        set("axon_paused", true, "alice");
        set("axon_paused", false, "bob");
        set("axon_paused", false, "carol"); // no change: not ledgered
        unset("axon_paused", "dave");

        List<LedgerEntry> entries = ledger.readValuesToList();
        assertThat(entries).extracting(LedgerEntry::getKind, LedgerEntry::getSubjectKey).containsOnly(
                org.assertj.core.groups.Tuple.tuple(LedgerEntryKind.STATE_CHANGE, "flag/axon_paused"));
        List<FlagChange> changes = entries.stream().map(FlagsTopologyTest::flagChange).toList();
        assertThat(changes).extracting(FlagChange::getAuthor, FlagChange::getPreviousValue, FlagChange::getValue).containsExactly(
                org.assertj.core.groups.Tuple.tuple("alice", null, true),
                org.assertj.core.groups.Tuple.tuple("bob", true, false),
                org.assertj.core.groups.Tuple.tuple("dave", false, null));
        assertThat(changes.get(0).getChangedAt()).isEqualTo(Requests.NOW);
        assertThat(entries.get(0).getPayloadType()).isEqualTo(FlagChange.getClassSchema().getFullName());
        VerificationReport report = verify(entries);
        assertThat(report.isClean()).as(report.toString()).isTrue();
    }

    @Test
    void givenTypedFlags_whenAConditionReadsThem_thenItSeesBoolNumberStringAndParsedJson() {
        start(PolicySource.fixed(PolicyLoader.parse("""
                id: typed
                rules:
                  - id: typed-flags
                    match: {intent: reason}
                    when: >-
                      flags.?max_amount.orValue(0) > 100 && flags.?mode.orValue('') == 'strict'
                      && flags.?limits.orValue({}).?tenants.orValue([]).exists(t, t == request.tenant)
                    effect: PERMIT
                    reason: "typed flags"
                """, "typed.yaml")));
        assertThat(decide(Requests.reason("c-1")).getRuleId()).isEqualTo("default-deny");

        set("max_amount", 250L, "alice");
        set("mode", "strict", "alice");
        set("limits", new FlagJson("{\"tenants\":[\"acme\",\"globex\"]}"), "alice");

        assertThat(decide(Requests.reason("c-2")).getRuleId()).isEqualTo("typed-flags");
        set("max_amount", 99.5, "bob");
        assertThat(decide(Requests.reason("c-3")).getRuleId()).isEqualTo("default-deny");
    }

    @Test
    void givenBadFlagRecords_whenApplied_thenTheyAreDeadLettered_andTheFlagKeepsItsValue() {
        set("axon_paused", true, "alice");
        ledger.readValuesToList();

        flags.pipeInput("axon_paused".getBytes(StandardCharsets.UTF_8), "not avro".getBytes(StandardCharsets.UTF_8));
        pipe("bad-name", change("bad-name", false, "mallory"));
        pipe("axon_paused", change("other_flag", false, "mallory"));
        pipe("cfg", change("cfg", new FlagJson("{not json"), "mallory"));
        // Both were stored: as null, and as {"limit":"Infinity"}, a string where a number was written.
        pipe("cfg", change("cfg", new FlagJson(""), "mallory"));
        pipe("cfg", change("cfg", new FlagJson("{\"limit\": 1e999999}"), "mallory"));
        // No key: not lost on its way to every task, but refused like any other mismatch.
        flags.pipeInput((byte[]) null, serdes.value(Topics.FLAGS).serializer().serialize(TOPICS.flags(), change("axon_paused", false, "mallory")));

        assertThat(deadLetters.readValuesToList()).extracting(DeadLetter::getErrorMessage).satisfiesExactly(
                m -> assertThat(m).isNotBlank(),
                m -> assertThat(m).contains("invalid flag name 'bad-name'"),
                m -> assertThat(m).contains("record key 'axon_paused' is not the flag's name 'other_flag'"),
                m -> assertThat(m).contains("value is not JSON"),
                m -> assertThat(m).contains("value is not JSON: it is empty"),
                m -> assertThat(m).contains("value has a number beyond what a double holds"),
                m -> assertThat(m).contains("record key '' is not the flag's name 'axon_paused'"));
        assertThat(ledger.readValuesToList()).isEmpty();
        assertThat(decide(Requests.reason("c-1")).getRuleId()).isEqualTo("axon-kill-switch");
    }

    @Test
    void givenAFlagSet_whenTheStoreIsInspected_thenItIsChangelogged_andARawTombstoneUnsetsAndIsLedgered() {
        set("axon_paused", true, "alice");

        String changelog = APP + "-" + FeatureFlags.STORE + "-changelog";
        assertThat(driver.producedTopicNames()).contains(changelog);
        TestOutputTopic<byte[], byte[]> log = driver.createOutputTopic(changelog, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        TestRecord<byte[], byte[]> logged = log.readRecord();
        assertThat(new String(logged.key(), StandardCharsets.UTF_8)).isEqualTo("axon_paused");
        assertThat(FeatureFlags.decode(logged.value()).getValue()).isEqualTo(true);
        ledger.readValuesToList();

        flags.pipeInput("axon_paused".getBytes(StandardCharsets.UTF_8), (byte[]) null);

        assertThat(log.readRecord().value()).as("tombstone in the changelog").isNull();
        List<FlagChange> changes = ledger.readValuesToList().stream().map(FlagsTopologyTest::flagChange).toList();
        assertThat(changes).extracting(FlagChange::getAuthor, FlagChange::getPreviousValue, FlagChange::getValue)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(FlagUpdateProcessor.TOMBSTONE_AUTHOR, true, null));
        assertThat(decide(Requests.reason("c-1")).getEffect()).isEqualTo(Effect.PERMIT);
    }

    @Test
    void givenTheTopologyWithFlags_whenDescribed_thenTheCopiesOfFlagsShareTheDecisionSubTopology() {
        var description = ShippedShape.build(serdes, PolicySource.fixed(PolicyLoader.loadDefault())).describe();

        var decide = description.subtopologies().stream()
                .filter(s -> s.nodes().stream().anyMatch(n -> n.name().equals(GovernanceTopology.DECIDE))).findFirst().orElseThrow();
        assertThat(decide.nodes()).extracting(n -> n.name())
                .contains(FlagsTopology.TO_EVERY_TASK + "-repartition-source", FlagsTopology.APPLY, FlagsTopology.LEDGER_FACTS,
                        GovernanceTopology.LEDGER_APPEND)
                .doesNotContain(FlagsTopology.SOURCE);
        // The flags topic itself is read by a sub-topology of its own, which copies each record to every task.
        var copier = description.subtopologies().stream()
                .filter(s -> s.nodes().stream().anyMatch(n -> n.name().equals(FlagsTopology.SOURCE))).findFirst().orElseThrow();
        assertThat(copier.nodes()).extracting(n -> n.name())
                .contains(FlagsTopology.SOURCE, FlagsTopology.TO_EVERY_TASK + "-origin", FlagsTopology.TO_EVERY_TASK + "-repartition-sink")
                .doesNotContain(FlagsTopology.APPLY);
        assertThat(description.toString()).contains(FeatureFlags.STORE).doesNotContain("KSTREAM-");
    }

    private void set(String name, Object value, String author) {
        pipe(name, change(name, value, author));
    }

    private void unset(String name, String author) {
        pipe(name, change(name, null, author));
    }

    private void pipe(String key, FlagChange change) {
        flags.pipeInput(key.getBytes(StandardCharsets.UTF_8), serdes.value(Topics.FLAGS).serializer().serialize(TOPICS.flags(), change));
    }

    private static FlagChange change(String name, Object value, String author) {
        String id = UUID.randomUUID().toString();
        return FlagChange.newBuilder()
                .setEnvelope(Envelope.newBuilder().setEventId(id).setCorrelationId(id).setCausationId(id).setTenant("*")
                        .setOccurredAt(Requests.NOW).setProducer("govctl").build())
                .setName(name)
                .setValue(value)
                .setAuthor(author)
                .setChangedAt(Requests.NOW)
                .build();
    }

    private GovernanceDecision decide(DispatchRequested request) {
        requests.pipeInput(("k" + sequence++).getBytes(StandardCharsets.UTF_8),
                serdes.value(Topics.DISPATCH_REQUESTS).serializer().serialize(TOPICS.dispatchRequests(), request));
        return decisions.readValue();
    }

    private static FlagChange flagChange(LedgerEntry entry) {
        byte[] bytes = new byte[entry.getPayload().remaining()];
        entry.getPayload().duplicate().get(bytes);
        return FeatureFlags.decode(bytes);
    }

    private VerificationReport verify(List<LedgerEntry> entries) {
        InMemoryLedger copy = new InMemoryLedger();
        List<LedgerEntry> all = new ArrayList<>(entries);
        for (int i = 0; i < all.size(); i++) {
            copy.add(new LedgerRecord(0, i, serdes.value(Topics.LEDGER).serializer().serialize(TOPICS.ledger(), all.get(i))));
        }
        LedgerVerifier verifier = new LedgerVerifier(b -> serdes.value(Topics.LEDGER).deserializer().deserialize(TOPICS.ledger(), b));
        copy.replayFromStart(verifier::accept);
        return verifier.report();
    }
}
