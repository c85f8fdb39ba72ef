package io.govstream.ledger.checkpoint;

import static io.govstream.ledger.checkpoint.CheckpointFixtures.SIGNER;
import static org.assertj.core.api.Assertions.assertThat;

import io.govstream.events.Effect;
import io.govstream.events.Envelope;
import io.govstream.events.GovernanceDecision;
import io.govstream.events.LedgerCheckpoint;
import io.govstream.events.LedgerEntry;
import io.govstream.ledger.LedgerAppendProcessor;
import io.govstream.ledger.LedgerFact;
import io.govstream.ledger.LedgerHeadRecovery;
import io.govstream.ledger.LedgerPartitioner;
import io.govstream.ledger.LedgerVerifier;
import io.govstream.schemas.registry.InMemorySchemaRegistryClient;
import io.govstream.schemas.serde.AvroSerde;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointProcessorTest {
    private final InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();
    private final AvroSerde<GovernanceDecision> decisions = AvroSerde.forValue(GovernanceDecision.class, registry);
    private final AvroSerde<LedgerEntry> entries = AvroSerde.forValue(LedgerEntry.class, registry);
    private final AvroSerde<LedgerCheckpoint> checkpoints = AvroSerde.forValue(LedgerCheckpoint.class, registry);
    @TempDir
    Path stateDir;
    private TopologyTestDriver driver;
    private TestInputTopic<String, GovernanceDecision> in;
    private TestOutputTopic<String, LedgerEntry> ledger;
    private TestOutputTopic<String, LedgerCheckpoint> out;

    @BeforeEach
    void setUp() {
        driver = new TopologyTestDriver(topology(new CheckpointPolicy(3, Duration.ofSeconds(10))), props(), Instant.parse("2026-01-01T00:00:00Z"));
        in = driver.createInputTopic("decisions", Serdes.String().serializer(), decisions.serializer());
        ledger = driver.createOutputTopic("ledger", Serdes.String().deserializer(), entries.deserializer());
        out = driver.createOutputTopic("checkpoints", Serdes.String().deserializer(), checkpoints.deserializer());
    }

    @AfterEach
    void tearDown() {
        driver.close();
    }

    @Test
    void givenEveryThreeEntries_whenSevenAreAppended_thenSignedCheckpointsAtThreeAndSixMatchingTheRecomputedRoots() {
        for (int i = 0; i < 7; i++) {
            in.pipeInput("c-" + i, decision("c-" + i));
        }

        List<LedgerCheckpoint> emitted = out.readValuesToList();
        List<LedgerEntry> chain = ledger.readValuesToList();

        assertThat(emitted).extracting(LedgerCheckpoint::getTreeSize).containsExactly(3L, 6L);
        for (LedgerCheckpoint checkpoint : emitted) {
            assertThat(SIGNER.verifier().check(checkpoint)).isEmpty();
            assertThat(checkpoint.getLedgerTopic()).isEqualTo("ledger");
            assertThat(checkpoint.getChainHeadHash()).isEqualTo(chain.get((int) checkpoint.getTreeSize() - 1).getHash());
            LedgerVerifier verifier = new LedgerVerifier(b -> { throw new AssertionError(); });
            for (int i = 0; i < checkpoint.getTreeSize(); i++) {
                verifier.accept(0, i, chain.get(i));
            }
            assertThat(checkpoint.getRootHash().array()).isEqualTo(verifier.report().partitions().get(0).frontier().root());
        }
    }

    @Test
    void givenEntriesSinceTheLastCheckpoint_whenTheIntervalPasses_thenAnotherCheckpointCoversThem_andNoneWhenNothingIsNew() {
        for (int i = 0; i < 4; i++) {
            in.pipeInput("c-" + i, decision("c-" + i));
        }
        assertThat(out.readValuesToList()).extracting(LedgerCheckpoint::getTreeSize).containsExactly(3L);

        driver.advanceWallClockTime(Duration.ofSeconds(11));
        assertThat(out.readValuesToList()).extracting(LedgerCheckpoint::getTreeSize).containsExactly(4L);

        driver.advanceWallClockTime(Duration.ofSeconds(11));
        assertThat(out.isEmpty()).isTrue();
    }

    @Test
    void givenALastCheckpointInTheMarksStore_asAfterARestart_whenEntriesFollow_thenTheCadenceCountsFromIt() {
        // What a restarted task finds: the marks store holds the size of the partition's last checkpoint.
        driver.<Integer, Long>getKeyValueStore(CheckpointProcessor.MARKS_STORE).put(0, 2L);

        for (int i = 0; i < 6; i++) {
            in.pipeInput("c-" + i, decision("c-" + i));
        }

        assertThat(out.readValuesToList()).extracting(LedgerCheckpoint::getTreeSize).containsExactly(5L);
        assertThat(driver.<Integer, Long>getKeyValueStore(CheckpointProcessor.MARKS_STORE).get(0)).isEqualTo(5L);
    }

    private Topology topology(CheckpointPolicy policy) {
        StreamsBuilder builder = new StreamsBuilder();
        KStream<String, LedgerEntry> appended = builder.stream("decisions", Consumed.with(Serdes.String(), decisions))
                .process(LedgerAppendProcessor.<String, GovernanceDecision>supplier("test", LedgerFact::decision, LedgerHeadRecovery.NONE),
                        Named.as("ledger-append"));
        appended.to("ledger", Produced.with(Serdes.String(), entries, new LedgerPartitioner<>()).withName("ledger-sink"));
        appended.process(CheckpointProcessor.supplier("ledger", SIGNER, policy, "test"), Named.as("ledger-checkpoint"),
                        LedgerAppendProcessor.HEADS_STORE)
                .to("checkpoints", Produced.with(Serdes.String(), checkpoints).withName("ledger-checkpoints-sink"));
        return builder.build();
    }

    private Properties props() {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "checkpoint-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        return props;
    }

    private static GovernanceDecision decision(String id) {
        return GovernanceDecision.newBuilder()
                .setEnvelope(Envelope.newBuilder().setEventId("decision-" + id).setCorrelationId(id).setCausationId("request-" + id)
                        .setTenant("acme").setOccurredAt(Instant.EPOCH).setProducer("governance-streams").setTraceparent(null).build())
                .setRequestEventId("request-" + id).setEffect(Effect.PERMIT).setPolicySetId("p").setPolicyVersion("1")
                .setPolicyHash("sha256:00").setRuleId("r").setReason("because").setSource("orbit").setTarget("axon")
                .setIntent("reason").setSubject("alice").build();
    }
}
