package io.govstream.ledger;

import io.govstream.schemas.EventHeaders;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.govstream.events.Effect;
import io.govstream.events.GovernanceDecision;
import io.govstream.events.LedgerEntry;
import io.govstream.schemas.registry.InMemorySchemaRegistryClient;
import io.govstream.schemas.serde.AvroSerde;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.test.TestRecord;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LedgerAppendProcessorTest {
    private final InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();
    private final AvroSerde<GovernanceDecision> decisions = AvroSerde.forValue(GovernanceDecision.class, registry);
    private final AvroSerde<LedgerEntry> entries = AvroSerde.forValue(LedgerEntry.class, registry);
    @TempDir
    java.nio.file.Path stateDir;
    private TopologyTestDriver driver;
    private TestInputTopic<String, GovernanceDecision> in;
    private TestOutputTopic<String, LedgerEntry> out;

    @BeforeEach
    void setUp() {
        driver = new TopologyTestDriver(topology(), props());
        in = driver.createInputTopic("decisions", Serdes.String().serializer(), decisions.serializer());
        out = driver.createOutputTopic("ledger", Serdes.String().deserializer(), entries.deserializer());
    }

    @AfterEach
    void tearDown() {
        driver.close();
    }

    @Test
    void givenThreeDecisions_whenAppended_thenOneChainWithLinkedSequencesThatVerifies() {
        in.pipeInput("c-1", TestFacts.decision("c-1", Effect.PERMIT));
        in.pipeInput("c-2", TestFacts.decision("c-2", Effect.DENY));
        in.pipeInput("c-3", TestFacts.decision("c-3", Effect.PERMIT));

        List<TestRecord<String, LedgerEntry>> records = out.readRecordsToList();

        assertThat(records).extracting(r -> r.value().getSequence()).containsExactly(0L, 1L, 2L);
        assertThat(records).extracting(TestRecord::key).containsExactly("c-1", "c-2", "c-3");
        assertThat(records.get(1).value().getPrevHash()).isEqualTo(records.get(0).value().getHash());
        assertThat(new String(records.get(2).headers().lastHeader(EventHeaders.CORRELATION_ID).value(), StandardCharsets.UTF_8))
                .isEqualTo("c-3");
        LedgerVerifier verifier = new LedgerVerifier(b -> { throw new AssertionError(); });
        for (int i = 0; i < records.size(); i++) {
            verifier.accept(0, i, records.get(i).value());
        }
        assertThat(verifier.report().isClean()).as(verifier.report().toString()).isTrue();
        KeyValueStore<Integer, LedgerHead> heads = driver.getKeyValueStore(LedgerAppendProcessor.HEADS_STORE);
        assertThat(heads.get(0).chain()).isEqualTo(ChainHead.after(records.get(2).value()));
        assertThat(heads.get(0).frontier().root()).isEqualTo(verifier.report().partitions().get(0).frontier().root());
    }

    @Test
    void givenTheAppendersEntries_whenAppendedToALedgerStore_thenTheStoreTakesThemAsTheSameChain() {
        in.pipeInput("c-1", TestFacts.decision("c-1", Effect.PERMIT));
        in.pipeInput("c-2", TestFacts.decision("c-2", Effect.DENY));
        List<LedgerEntry> appended = out.readValuesToList();

        ChainHead head = new InMemoryLedger(1).append(0, ChainHead.genesis(0), appended);

        KeyValueStore<Integer, LedgerHead> heads = driver.getKeyValueStore(LedgerAppendProcessor.HEADS_STORE);
        assertThat(head).isEqualTo(heads.get(0).chain());
    }

    @Test
    void givenAFactThatCannotBeRecorded_whenAppended_thenTheTaskFailsInsteadOfSkipping() {
        assertThatThrownBy(() -> in.pipeInput("c-1", null))
                .isInstanceOf(StreamsException.class);
        assertThat(out.isEmpty()).isTrue();
    }

    @Test
    void givenAnEmptyStoreButALedgerThatHoldsAChain_whenAppended_thenTheRecoveredHeadIsExtended() {
        driver.close();
        List<LedgerEntry> existing = TestFacts.chain(0, 3);
        LedgerHead recovered = LedgerHead.genesis(0);
        for (LedgerEntry entry : existing) {
            recovered = recovered.after(entry);
        }
        LedgerHead head = recovered;
        driver = new TopologyTestDriver(topology(p -> head), props());
        in = driver.createInputTopic("decisions", Serdes.String().serializer(), decisions.serializer());
        out = driver.createOutputTopic("ledger", Serdes.String().deserializer(), entries.deserializer());

        in.pipeInput("c-4", TestFacts.decision("c-4", Effect.PERMIT));

        LedgerEntry next = out.readValue();
        assertThat(next.getSequence()).isEqualTo(3);
        assertThat(next.getPrevHash()).isEqualTo(existing.get(2).getHash());
        LedgerVerifier verifier = new LedgerVerifier(b -> { throw new AssertionError(); });
        for (int i = 0; i < 3; i++) {
            verifier.accept(0, i, existing.get(i));
        }
        verifier.accept(0, 3, next);
        assertThat(verifier.report().isClean()).isTrue();
        KeyValueStore<Integer, LedgerHead> heads = driver.getKeyValueStore(LedgerAppendProcessor.HEADS_STORE);
        assertThat(heads.get(0).frontier()).isEqualTo(verifier.report().partitions().get(0).frontier());
    }

    @Test
    void givenARecoveryThatFindsABrokenChain_whenAppended_thenTheTaskFails() {
        driver.close();
        driver = new TopologyTestDriver(topology(p -> { throw new LedgerReadException("partition 0 does not verify"); }), props());
        in = driver.createInputTopic("decisions", Serdes.String().serializer(), decisions.serializer());
        out = driver.createOutputTopic("ledger", Serdes.String().deserializer(), entries.deserializer());

        assertThatThrownBy(() -> in.pipeInput("c-1", TestFacts.decision("c-1", Effect.PERMIT)))
                .isInstanceOf(StreamsException.class).hasStackTraceContaining("does not verify");
        assertThat(out.isEmpty()).isTrue();
    }

    private Topology topology() {
        return topology(LedgerHeadRecovery.NONE);
    }

    private Topology topology(LedgerHeadRecovery recovery) {
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream("decisions", Consumed.with(Serdes.String(), decisions))
                .process(LedgerAppendProcessor.<String, GovernanceDecision>supplier("test",
                        d -> d == null ? null : LedgerFact.decision(d), recovery), Named.as("ledger-append"))
                .to("ledger", Produced.with(Serdes.String(), entries, new LedgerPartitioner<>()).withName("ledger-sink"));
        return builder.build();
    }

    private Properties props() {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "ledger-append-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        return props;
    }
}
