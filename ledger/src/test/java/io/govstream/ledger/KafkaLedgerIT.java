package io.govstream.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.govstream.broker.BrokerSettings;
import io.govstream.broker.EmbeddedKafka;
import io.govstream.events.Effect;
import io.govstream.events.GovernanceDecision;
import io.govstream.events.LedgerEntry;
import io.govstream.schemas.registry.InMemorySchemaRegistryClient;
import io.govstream.schemas.serde.AvroSerde;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The appender on a real broker under exactly_once_v2, then replay and verification of the topic. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class KafkaLedgerIT {
    @TempDir
    static Path dataDir;
    private EmbeddedKafka kafka;
    private final InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();
    private final AvroSerde<GovernanceDecision> decisions = AvroSerde.forValue(GovernanceDecision.class, registry);
    private final AvroSerde<LedgerEntry> entries = AvroSerde.forValue(LedgerEntry.class, registry);

    @BeforeAll
    void startBroker() {
        kafka = EmbeddedKafka.start(BrokerSettings.ephemeral(dataDir.resolve("broker")));
    }

    @AfterAll
    void stopBroker() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void givenAChainWrittenByTheAppender_whenAForgedEntryIsProduced_thenVerificationNamesItsPartitionAndOffset() throws Exception {
        String id = UUID.randomUUID().toString().substring(0, 8);
        String input = "it-decisions-" + id;
        String ledger = "it-ledger-" + id;
        try (Admin admin = Admin.create(kafka.adminClientProperties())) {
            admin.createTopics(List.of(new NewTopic(input, 2, (short) 1), new NewTopic(ledger, 2, (short) 1))).all().get();
        }

        try (KafkaStreams streams = new KafkaStreams(appenderTopology(input, ledger), streamsProps("ledger-it-" + id))) {
            streams.start();
            try (KafkaProducer<String, byte[]> producer = producer()) {
                for (int i = 0; i < 6; i++) {
                    GovernanceDecision decision = decision("c-" + i);
                    producer.send(new ProducerRecord<>(input, i % 2, "c-" + i, decisions.encode(input, decision))).get();
                }
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> reader(ledger).replayFromStart(r -> { }) == 6);
        }

        VerificationReport intact = verify(ledger);
        assertThat(intact.isClean()).as(intact.toString()).isTrue();
        assertThat(intact.entriesChecked()).isEqualTo(6);
        assertThat(intact.partitions().get(0).head().nextSequence()).isEqualTo(3);
        assertThat(intact.partitions().get(1).head().nextSequence()).isEqualTo(3);

        // An admin with write access appends a well-formed entry claiming to extend partition 1's chain.
        LedgerEntry last = lastEntry(ledger, 1);
        LedgerEntry forged = LedgerEntry.newBuilder(last).build();
        byte[] payload = LedgerFact.avroBinary(decision("c-forged"));
        forged.setSequence(last.getSequence() + 1);
        forged.setPayload(ByteBuffer.wrap(payload));
        forged.setPayloadHash(ByteBuffer.wrap(ChainHasher.sha256(payload)));
        forged.setPrevHash(ByteBuffer.wrap(ChainHasher.sha256("a guess".getBytes())));
        forged.setHash(ByteBuffer.wrap(ChainHasher.hash(forged)));
        RecordMetadata written;
        try (KafkaProducer<String, byte[]> producer = producer()) {
            written = producer.send(new ProducerRecord<>(ledger, 1, "c-forged", entries.encode(ledger, forged))).get();
        }

        VerificationReport tampered = verify(ledger);
        assertThat(tampered.problems()).singleElement().satisfies(p -> {
            assertThat(p.kind()).isEqualTo(ProblemKind.INJECTED);
            assertThat(p.partition()).isEqualTo(1);
            assertThat(p.offset()).isEqualTo(written.offset());
        });
    }

    private VerificationReport verify(String ledger) {
        long[] progress = {0};
        LedgerVerifier verifier = new LedgerVerifier(b -> entries.decode(ledger, b));
        reader(ledger).replayFromStart(r -> {
            verifier.accept(r);
            progress[0]++;
        });
        VerificationReport report = verifier.report();
        assertThat(progress[0]).isEqualTo(report.entriesChecked());
        return report;
    }

    private LedgerEntry lastEntry(String ledger, int partition) {
        List<LedgerRecord> records = new ArrayList<>();
        reader(ledger).replayFromStart(r -> {
            if (r.partition() == partition) {
                records.add(r);
            }
        });
        return entries.decode(ledger, records.get(records.size() - 1).value());
    }

    private KafkaLedgerReader reader(String ledger) {
        return new KafkaLedgerReader(kafka.adminClientProperties(), ledger, Duration.ofSeconds(30), n -> { });
    }

    private org.apache.kafka.streams.Topology appenderTopology(String input, String ledger) {
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream(input, Consumed.with(Serdes.String(), decisions).withName("decisions-source"))
                .process(LedgerAppendProcessor.<String, GovernanceDecision>supplier("ledger-it", LedgerFact::decision, LedgerHeadRecovery.NONE),
                        Named.as("ledger-append"))
                .to(ledger, Produced.with(Serdes.String(), entries, new LedgerPartitioner<String>()).withName("ledger-sink"));
        return builder.build();
    }

    private Properties streamsProps(String applicationId) {
        Properties props = new Properties();
        props.putAll(kafka.adminClientProperties());
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.STATE_DIR_CONFIG, dataDir.resolve("state-" + applicationId).toString());
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
        return props;
    }

    private KafkaProducer<String, byte[]> producer() {
        Map<String, Object> props = new HashMap<>(kafka.adminClientProperties());
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        return new KafkaProducer<>(props);
    }

    private static GovernanceDecision decision(String correlationId) {
        return TestFacts.decision(correlationId, Effect.PERMIT);
    }
}
