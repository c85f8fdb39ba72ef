package io.govstream.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.govstream.cli.dispatch.OrbitClient;
import io.govstream.cli.platform.EmbeddedPlatform;
import io.govstream.events.LedgerEntry;
import io.govstream.ledger.KafkaLedgerReader;
import io.govstream.ledger.LedgerRecord;
import io.govstream.schemas.serde.AvroSerde;
import io.govstream.topology.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * On the embedded platform: {@code policy whatif --since} and {@code ledger export --since} seek
 * each ledger partition to the entries appended from then on instead of reading from the first
 * offset (what they read before it is nothing), and give what reading everything gives. Reading
 * everything is the same command with a clock skew longer than the ledger's life, which makes the
 * seek land on each partition's first offset.
 */
@Timeout(300)
@OnSharedPlatform
class SinceSeeksIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String EVERYTHING = "36500d";
    private static final String CANDIDATE = """
            id: %s
            tenant: %s
            rules:
              - id: pause-reasoning
                match: {intent: reason}
                effect: DENY
                reason: "reasoning is paused"
              - id: permit-heartbeat
                match: {intent: heartbeat}
                effect: PERMIT
                reason: "ok"
            """;

    @TempDir
    Path work;

    @Test
    void givenDecisionsBeforeAndAfterSince_whenWhatIfAndExportRunWithSince_thenTheEarlierEntriesAreNotReadAndTheResultIsTheFullScans(
            EmbeddedPlatform platform) throws Exception {
        String tenant = Unique.name("seek");
        String dataDir = platform.settings().dataDir().toString();
        OrbitClient orbit = new OrbitClient(platform.settings().orbitUrl(), platform.dispatcherTokens(), null);
        List<String> before = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            before.add(decided(orbit, tenant, i % 2 == 0 ? "reason" : "heartbeat"));
        }
        Instant since = ledger(platform).stream().map(Entry::appendedAt).max(Instant::compareTo).orElseThrow().plusMillis(1);
        await().atMost(Duration.ofSeconds(5)).until(() -> Instant.now().isAfter(since.plusMillis(50))); // the period starts in the past
        List<String> during = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            during.add(decided(orbit, tenant, i % 2 == 0 ? "reason" : "heartbeat"));
        }
        List<Entry> ledger = ledger(platform);
        Instant until = ledger.stream().map(Entry::appendedAt).max(Instant::compareTo).orElseThrow().plusMillis(1);
        assertThat(ledger).filteredOn(e -> before.contains(e.correlationId())).hasSize(before.size())
                .allSatisfy(e -> assertThat(e.appendedAt()).isBefore(since));
        assertThat(ledger).filteredOn(e -> during.contains(e.correlationId())).hasSize(during.size())
                .allSatisfy(e -> assertThat(e.appendedAt()).isAfterOrEqualTo(since).isBefore(until));

        // what-if: a candidate for this test's tenant that reads no state, so only the period is needed.
        Path candidate = Files.writeString(work.resolve("candidate.yaml"), CANDIDATE.formatted(tenant + "-dispatch", tenant));
        JsonNode sought = whatIf(candidate, since, until, "0s", dataDir);
        JsonNode full = whatIf(candidate, since, until, EVERYTHING, dataDir);

        assertThat(sought.path("read").path("from").asText()).isEqualTo(since.toString());
        Map<Integer, Long> start = JSON.convertValue(sought.path("read").path("startOffsets"),
                new com.fasterxml.jackson.core.type.TypeReference<Map<Integer, Long>>() { });
        assertThat(start).isNotEmpty();
        List<Entry> notRead = ledger.stream().filter(e -> e.offset() < start.get(e.partition())).toList();
        assertThat(notRead).as("what lies before the offsets the command started at").isNotEmpty()
                .allSatisfy(e -> assertThat(e.appendedAt()).isBefore(since));
        assertThat(notRead).extracting(Entry::correlationId).containsAll(before);
        assertThat(sought.path("entriesRead").asLong()).as("entries read with --since")
                .isLessThanOrEqualTo(full.path("entriesRead").asLong() - notRead.size());
        assertThat(sought.path("replayed").asLong()).isEqualTo(during.size());
        assertThat(sought.path("changed").asLong()).isEqualTo(3);
        assertThat(comparable(sought)).isEqualTo(comparable(full));

        // export: the same seek, the same rows.
        Export soughtRows = export(since, until, tenant, "0s", dataDir);
        Export allRows = export(since, until, tenant, EVERYTHING, dataDir);
        assertThat(soughtRows.rows()).hasSize(during.size()).isEqualTo(allRows.rows());
        assertThat(soughtRows.read()).isLessThanOrEqualTo(allRows.read() - notRead.size());
    }

    private JsonNode whatIf(Path candidate, Instant since, Instant until, String skew, String dataDir) throws Exception {
        GovctlRun run = GovctlRun.of("policy", "whatif", candidate.toString(), "--since", since.toString(), "--until", until.toString(),
                "--max-clock-skew", skew, "--examples", "2", "--json", "--data-dir", dataDir);
        assertThat(run.code()).as(run.err()).isZero();
        return JSON.readTree(run.out());
    }

    /** The report without what depends on how much was read. */
    private static JsonNode comparable(JsonNode report) {
        ObjectNode copy = report.deepCopy();
        copy.remove(List.of("entriesRead", "decisionsRead", "read"));
        ((ObjectNode) copy.path("notReplayed")).remove("OUTSIDE_PERIOD");
        return copy;
    }

    private record Export(long read, List<String> rows) {
    }

    private Export export(Instant since, Instant until, String tenant, String skew, String dataDir) throws Exception {
        Path file = work.resolve("export-" + skew + ".jsonl");
        GovctlRun run = GovctlRun.of("ledger", "export", "--since", since.toString(), "--until", until.toString(), "--tenant", tenant,
                "--max-clock-skew", skew, "--out", file.toString(), "--data-dir", dataDir);
        assertThat(run.code()).as(run.err()).isZero();
        Matcher read = Pattern.compile("exported (\\d+) of (\\d+) entries read").matcher(run.out());
        assertThat(read.find()).as(run.out()).isTrue();
        return new Export(Long.parseLong(read.group(2)),
                Files.readAllLines(file).stream().filter(l -> l.startsWith("{\"type\":\"entry\"")).toList());
    }

    private static String decided(OrbitClient orbit, String tenant, String intent) throws Exception {
        String id = orbit.dispatch(new OrbitClient.Dispatch("axon", intent, "alice", tenant, "{}"));
        assertThat(orbit.await(id, Duration.ofSeconds(60)).path("decision").path("effect").asText()).isEqualTo("PERMIT");
        return id;
    }

    private record Entry(int partition, long offset, String correlationId, Instant appendedAt) {
    }

    /** Every committed ledger record, with where it is and when it was appended. */
    private static List<Entry> ledger(EmbeddedPlatform platform) {
        String topic = new Topics(platform.catalogue()).ledger();
        AvroSerde<LedgerEntry> serde = AvroSerde.forValue(LedgerEntry.class, platform.registryClient(), false);
        List<Entry> entries = new ArrayList<>();
        new KafkaLedgerReader(platform.adminClientProperties(), topic).replayFromStart((LedgerRecord r) -> {
            LedgerEntry e = serde.decode(topic, r.value());
            entries.add(new Entry(r.partition(), r.offset(), e.getEnvelope().getCorrelationId(), e.getEnvelope().getOccurredAt()));
        });
        return entries;
    }
}
