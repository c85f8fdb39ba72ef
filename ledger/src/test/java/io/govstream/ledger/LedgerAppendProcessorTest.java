package io.govstream.ledger;

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
        assertThat(new String(records.get(2).headers().lastHeader(LedgerHeaders.CORRELATION_ID).value(), StandardCharsets.UTF_8))
                .isEqualTo("c-3");
        LedgerVerifier verifier = new LedgerVerifier(b -> { throw new AssertionError(); });
        for (int i = 0; i < records.size(); i++) {
            verifier.accept(0, i, records.get(i).value());
        }
        assertThat(verifier.report().isClean()).as(verifier.report().toString()).isTrue();
        KeyValueStore<Integer, ChainHead> heads = driver.getKeyValueStore(LedgerAppendProcessor.HEADS_STORE);
        assertThat(heads.get(0)).isEqualTo(ChainHead.after(records.get(2).value()));
    }

    @Test
    void givenAFactThatCannotBeRecorded_whenAppended_thenTheTaskFailsInsteadOfSkipping() {
        assertThatThrownBy(() -> in.pipeInput("c-1", null))
                .isInstanceOf(StreamsException.class);
        assertThat(out.isEmpty()).isTrue();
    }

    private Topology topology() {
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream("decisions", Consumed.with(Serdes.String(), decisions))
                .process(LedgerAppendProcessor.<String, GovernanceDecision>supplier("test",
                        d -> d == null ? null : LedgerFact.decision(d)), Named.as("ledger-append"))
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
