package io.govstream.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import io.govstream.broker.BrokerSettings;
import io.govstream.broker.EmbeddedKafka;
import io.govstream.events.Effect;
import io.govstream.events.LedgerEntry;
import io.govstream.ledger.export.ExportFilter;
import io.govstream.ledger.export.ExportFormat;
import io.govstream.ledger.export.ExportRow;
import io.govstream.ledger.export.LedgerExport;
import io.govstream.schemas.registry.InMemorySchemaRegistryClient;
import io.govstream.schemas.serde.AvroSerde;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seeking by time on a real broker: a ledger whose entries were appended one minute apart, written
 * in transactions (markers occupy offsets) with Kafka timestamps that say nothing about the append
 * time (as a Streams task forwards its input's), and one partition whose writer's clock went back
 * three minutes. Reading from {@code since} skips the older entries and still finds every entry of
 * the period.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class LedgerSeekIT {
    private static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");
    private static final int ENTRIES = 200;
    private static final Instant SINCE = T0.plus(Duration.ofMinutes(100));
    private static final Duration SKEW = Duration.ofMinutes(5);

    @TempDir
    static Path dataDir;
    private EmbeddedKafka kafka;
    private final AvroSerde<LedgerEntry> entries = AvroSerde.forValue(LedgerEntry.class, new InMemorySchemaRegistryClient());
    private final String ledger = "it-seek-ledger";

    @BeforeAll
    void startBrokerAndWriteTheLedger() throws Exception {
        kafka = EmbeddedKafka.start(BrokerSettings.ephemeral(dataDir.resolve("broker")));
        try (Admin admin = Admin.create(kafka.adminClientProperties())) {
            // As the catalogue keeps the ledger: forever (the old record timestamps below would otherwise expire it).
            admin.createTopics(List.of(new NewTopic(ledger, 3, (short) 1).configs(Map.of("retention.ms", "-1", "retention.bytes", "-1"))))
                    .all().get();
        }
        Map<String, Object> props = new HashMap<>(kafka.adminClientProperties());
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "it-seek-writer");
        LedgerChain chain = new LedgerChain("governance-streams");
        List<List<ProducerRecord<String, byte[]>>> transactions = new ArrayList<>();
        for (int p = 0; p < 3; p++) {
            ChainHead head = ChainHead.genesis(p);
            for (int i = 0; i < ENTRIES; i++) {
                if (i % 25 == 0) {
                    transactions.add(new ArrayList<>());
                }
                LedgerEntry entry = chain.next(head, LedgerFact.decision(TestFacts.decision("c-" + p + "-" + i, Effect.PERMIT)),
                        appendedAt(p, i));
                head = ChainHead.after(entry);
                // The record's timestamp is an input's, days older than the entry: offsetsForTimes would find nothing.
                transactions.get(transactions.size() - 1).add(new ProducerRecord<>(ledger, p, T0.minus(Duration.ofDays(3)).toEpochMilli(),
                        "c-" + i, entries.encode(ledger, entry)));
            }
        }
        TransactionalWriter.write(props, transactions);
    }

    /** One minute apart; on partition 1 the writer's clock goes back three minutes after entry 100 (appended exactly at SINCE). */
    private static Instant appendedAt(int partition, int i) {
        long minutes = partition == 1 && i > 100 ? i - 3 : i;
        return T0.plus(Duration.ofMinutes(minutes));
    }

    @AfterAll
    void stopBroker() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void givenSince_whenTheStartOffsetsAreSought_thenOnlyOlderEntriesLieBeforeThem() {
        Map<Integer, Long> start = reader().offsetsAppendedFrom(SINCE, SKEW, this::appendedAtMillis);

        Map<Integer, List<LedgerRecord>> all = byPartition();
        for (int p = 0; p < 3; p++) {
            long from = start.get(p);
            List<LedgerRecord> skipped = all.get(p).stream().filter(r -> r.offset() < from).toList();
            assertThat(skipped).as("partition %d: records before offset %d", p, from)
                    .allSatisfy(r -> assertThat(appendedAtMillis(r.value())).isLessThan(SINCE.toEpochMilli()))
                    .hasSizeGreaterThanOrEqualTo(100 - 5 - 3); // at most skew + clock jump minutes of entries read early
            assertThat(all.get(p).stream().filter(r -> r.offset() >= from).filter(r -> appendedAtMillis(r.value()) >= SINCE.toEpochMilli()))
                    .as("partition %d: every entry of the period lies at or after the start", p)
                    .hasSize((int) all.get(p).stream().filter(r -> appendedAtMillis(r.value()) >= SINCE.toEpochMilli()).count());
        }
        assertThat(reader().offsetsAppendedFrom(T0.plus(Duration.ofDays(1)), SKEW, this::appendedAtMillis))
                .as("a since after the last entry skips everything").isEqualTo(reader().offsetRanges().entrySet().stream()
                        .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, e -> e.getValue().to())));
    }

    @Test
    void givenSince_whenExported_thenFewerEntriesReadAndTheRowsOfTheFullScanFiltered() {
        ExportFilter period = new ExportFilter(SINCE, null, null, null, null, null, null);
        ExportFilter everything = new ExportFilter(null, null, null, null, null, null, null);

        Export sought = export(period);
        Export full = export(everything);

        long total = 3L * ENTRIES;
        long inPeriod = byPartition().values().stream().flatMap(List::stream)
                .filter(r -> appendedAtMillis(r.value()) >= SINCE.toEpochMilli()).count();
        assertThat(full.result.read()).isEqualTo(total);
        assertThat(inPeriod).isEqualTo(3 * 100 - 2); // partition 1 misses 101 and 102, appended before SINCE after its clock went back
        assertThat(sought.result.exported()).isEqualTo(inPeriod);
        assertThat(sought.result.read()).as("entries read with --since").isLessThan(inPeriod + 3 * (5 + 3 + 1))
                .isEqualTo(sought.result.header().positions().stream().mapToLong(r -> r.to() - r.from()).sum()
                        - transactionMarkers(sought.result.header().positions()));
        assertThat(sought.entryLines()).isEqualTo(full.entryLines().stream()
                .filter(line -> Instant.parse(field(line, "appendedAt")).compareTo(SINCE) >= 0).toList());
    }

    private record Export(LedgerExport.Result result, List<String> lines) {
        List<String> entryLines() {
            return lines.stream().filter(l -> l.startsWith("{\"type\":\"entry\"")).toList();
        }
    }

    private Export export(ExportFilter filter) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        LedgerExport.Result result = LedgerExport.run(reader(), ledger, b -> entries.decode(ledger, b), ExportRow.Reveal.AS_STORED, filter,
                h -> ExportFormat.JSONL.open(out, h), Instant.now(), SKEW);
        return new Export(result, List.of(out.toString(StandardCharsets.UTF_8).split("\n")));
    }

    /** Offsets in the positions that hold a transaction marker, not an entry. */
    private long transactionMarkers(List<KafkaLedgerReader.OffsetRange> positions) {
        Map<Integer, List<LedgerRecord>> all = byPartition();
        long entriesInRanges = positions.stream().mapToLong(r -> all.get(r.partition()).stream()
                .filter(e -> e.offset() >= r.from() && e.offset() < r.to()).count()).sum();
        return positions.stream().mapToLong(r -> r.to() - r.from()).sum() - entriesInRanges;
    }

    private static String field(String jsonLine, String name) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(jsonLine).path(name).asText();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private long appendedAtMillis(byte[] value) {
        return entries.decode(ledger, value).getEnvelope().getOccurredAt().toEpochMilli();
    }

    private Map<Integer, List<LedgerRecord>> byPartition() {
        Map<Integer, List<LedgerRecord>> all = new HashMap<>();
        reader().replayFromStart(r -> all.computeIfAbsent(r.partition(), p -> new ArrayList<>()).add(r));
        return all;
    }

    private KafkaLedgerReader reader() {
        return new KafkaLedgerReader(kafka.adminClientProperties(), ledger, Duration.ofSeconds(30), n -> { });
    }
}
