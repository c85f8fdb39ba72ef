package io.govstream.cli.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import io.govstream.cli.GovctlRun;
import io.govstream.cli.OnSharedPlatform;
import io.govstream.cli.PlatformIdle;
import io.govstream.cli.Unique;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.govstream.cli.dispatch.OrbitClient;
import io.govstream.cli.platform.EmbeddedPlatform;
import io.govstream.events.LedgerEntry;
import io.govstream.events.SubjectDataKey;
import io.govstream.ledger.export.ExportFormat;
import io.govstream.ledger.gdpr.PersonalFields;
import io.govstream.schemas.gdpr.SubjectRef;
import io.govstream.topology.Catalogue;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.specific.SpecificDatumReader;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Audit and GDPR on the embedded platform, through govctl as a user runs it: export, evidence
 * pack verified offline, subject access, erasure, and the ledger still verifying afterwards.
 *
 * <p>The platform is shared: the requests are of a tenant and two subjects of this test's own; the
 * filtered export is of that tenant, and the report covers the time since the test began, once
 * the platform is idle, so what it counts is this test's.
 */
@Timeout(300)
@OnSharedPlatform
class LedgerAuditIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Path dataDir;
    @TempDir
    Path work;

    private GovctlRun govctl(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--data-dir");
        all.add(dataDir.toString());
        return GovctlRun.of(all.toArray(String[]::new));
    }

    @Test
    void givenDecisionsForTwoSubjects_whenExportedPackedAccessedAndOneIsErased_thenTheyReadErased_theOtherNot_andTheLedgerVerifies(
            EmbeddedPlatform platform) throws Exception {
        var settings = platform.settings();
        dataDir = settings.dataDir();
        String tenant = Unique.name("acme");
        String aliceEmail = Unique.name("alice") + "@example.com";
        String bobEmail = Unique.name("bob") + "@example.com";
        PlatformIdle.await(platform);
        Instant began = Instant.now();
        try {
            OrbitClient orbit = new OrbitClient(settings.orbitUrl(), platform.dispatcherTokens(), null);
            String a1 = dispatch(orbit, "axon", "reason", aliceEmail, tenant);
            String a2 = dispatch(orbit, "axon", "reason", aliceEmail, tenant);
            String b1 = dispatch(orbit, "billing", "refund", bobEmail, tenant);

            // Export: filtered, decrypted with the platform's KEK (kept outside the data dir), header first.
            GovctlRun denied = govctl("ledger", "export", "--effect", "DENY", "--since", "1h", "--tenant", tenant);
            assertThat(denied.code()).as(denied.err()).isZero();
            String[] lines = denied.out().split("\n");
            JsonNode header = JSON.readTree(lines[0]);
            assertThat(header.path("type").asText()).isEqualTo("header");
            assertThat(header.path("positions")).hasSize(3);
            assertThat(header.path("filter").path("effect").asText()).isEqualTo("DENY");
            JsonNode deniedEntry = JSON.readTree(lines[1]);
            assertThat(deniedEntry.path("correlationId").asText()).isEqualTo(b1);
            assertThat(deniedEntry.path("subject").asText()).isEqualTo(bobEmail);
            assertThat(deniedEntry.path("target").asText()).isEqualTo("billing");
            assertThat(JSON.readTree(lines[lines.length - 1]).path("entries").asInt()).isEqualTo(1);
            assertThat(denied.err()).contains("exported 1 of", "positions read");

            GovctlRun csv = govctl("ledger", "export", "--subject", aliceEmail, "--format", "csv");
            assertThat(csv.out().lines().filter(l -> !l.startsWith("#")).count()).as(csv.out()).isEqualTo(3); // column header + 2 rows
            assertThat(csv.out()).contains(a1, a2).doesNotContain(b1);

            Path avro = work.resolve("all.avro");
            GovctlRun avroRun = govctl("ledger", "export", "--format", "avro", "--out", avro.toString());
            assertThat(avroRun.code()).as(avroRun.err()).isZero();
            List<LedgerEntry> stored = new ArrayList<>();
            try (DataFileReader<LedgerEntry> file = new DataFileReader<>(avro.toFile(), new SpecificDatumReader<>(LedgerEntry.class))) {
                assertThat(file.getMetaString(ExportFormat.AVRO_HEADER_META)).contains("govstream-ledger-export-v1");
                file.forEach(stored::add);
            }
            // The Avro export holds entries as stored: the personal fields are ciphertext there.
            assertThat(stored).isNotEmpty();
            assertThat(stored.stream().map(e -> new String(e.getPayload().array(), java.nio.charset.StandardCharsets.ISO_8859_1)))
                    .noneMatch(p -> p.contains(aliceEmail));

            // Evidence pack, once a signed checkpoint covers every entry (checkpoints every 10 s).
            AtomicInteger attempt = new AtomicInteger();
            Path[] pack = {null};
            Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(2)).until(() -> {
                Path candidate = work.resolve("pack-" + attempt.incrementAndGet() + ".zip");
                GovctlRun run = govctl("audit", "pack", "--since", "1h", "--out", candidate.toString());
                assertThat(run.code()).as(run.err()).isZero();
                pack[0] = candidate;
                return !run.out().contains("appended after the latest checkpoint");
            });
            GovctlRun check = govctl("audit", "verify-pack", pack[0].toString(), "--key", dataDir.resolve("ledger-signing.pub.json").toString());
            assertThat(check.code()).as(check.out() + check.err()).isZero();
            assertThat(check.out()).contains("pack holds", "inclusion proofs");
            GovctlRun checkProof = govctl("ledger", "check-proof", pack[0].toString());
            assertThat(checkProof.code()).as(checkProof.out() + checkProof.err()).isZero();
            assertThat(checkProof.out()).contains("pack holds");

            // Subject access (Art. 15) before erasure.
            JsonNode alice = access(aliceEmail);
            assertThat(alice.path("subjectRef").asText()).isEqualTo(SubjectRef.of(aliceEmail));
            assertThat(alice.path("entries")).hasSize(2);
            alice.path("entries").forEach(e -> {
                assertThat(e.path("subject").asText()).isEqualTo(aliceEmail);
                assertThat(e.path("reason").asText()).contains(aliceEmail);
            });

            // Compaction within seconds instead of the production bound (docs/ledger.md), so the test can watch it happen;
            // the topic's own settings come back at the end (the platform is shared).
            String keysTopic = new io.govstream.topology.Topics(platform.catalogue()).ledgerKeys();
            restoreKeysTopic = io.govstream.cli.Compaction.fast(platform.adminClientProperties(), List.of(keysTopic));

            // Erasure (Art. 17).
            GovctlRun erase = govctl("ledger", "erase", aliceEmail, "--reason", "ticket 42");
            assertThat(erase.code()).as(erase.out() + erase.err()).isZero();
            assertThat(erase.out()).contains("erased: data keys of " + SubjectRef.of(aliceEmail)).contains("records purged");
            // Read as an auditor would: every topic from its first record, as the admin principal. Alice's address is nowhere.
            assertThat(io.govstream.cli.TopicScan.recordsContaining(platform.adminClientProperties(), aliceEmail))
                    .as("topics still holding alice's address after the erasure").isEmpty();

            JsonNode erased = access(aliceEmail);
            assertThat(erased.path("erased").asBoolean()).isTrue();
            assertThat(erased.path("dataKeysOnPartitions")).isEmpty();
            List<JsonNode> decisions = new ArrayList<>();
            erased.path("entries").forEach(e -> {
                if (e.path("kind").asText().equals("DECISION")) {
                    decisions.add(e);
                }
            });
            assertThat(decisions).hasSize(2).allSatisfy(e -> {
                assertThat(e.path("subject").asText()).isEqualTo(PersonalFields.ERASED);
                assertThat(e.path("reason").asText()).isEqualTo(PersonalFields.ERASED);
            });
            assertThat(erased.path("entries").toString()).doesNotContain("alice");

            JsonNode bob = access(bobEmail);
            assertThat(bob.path("entries")).hasSize(1);
            assertThat(bob.path("entries").get(0).path("subject").asText()).isEqualTo(bobEmail);

            // The key's latest record on the keys topic is a tombstone on every partition; compaction removes it (docs/ledger.md).
            Map<String, Object> admin = new java.util.HashMap<>(platform.adminClientProperties());
            admin.put("schema.registry.url", settings.registryUrl());
            Map<String, SubjectDataKey> keys = new LedgerCli(admin, Catalogue.load(), null, null, null).readKeys();
            String ref = SubjectRef.of(aliceEmail);
            assertThat(keys.entrySet().stream().filter(e -> e.getKey().startsWith(ref + "/"))).hasSize(3).allMatch(e -> e.getValue() == null);
            assertThat(keys.entrySet().stream().filter(e -> e.getKey().startsWith(SubjectRef.of(bobEmail) + "/")))
                    .anyMatch(e -> e.getValue() != null);

            // After compaction the keys topic holds no wrapped key of alice's at all. A segment is compacted once closed, and
            // it closes on the next append after segment.ms: an unrelated probe record per partition provides that append.
            String aliceRef = SubjectRef.of(aliceEmail);
            Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
                io.govstream.cli.Compaction.probe(platform.adminClientProperties(), List.of(keysTopic));
                assertThat(wrappedKeysOf(platform.adminClientProperties(), keysTopic, aliceRef)).isZero();
            });

            // Every chain, checkpoint and proof still verifies.
            Path kept = work.resolve("trusted.checkpoints");
            GovctlRun verify = govctl("ledger", "verify", "--save-checkpoints", kept.toString());
            assertThat(verify.code()).as(verify.out() + verify.err()).isZero();
            assertThat(verify.out()).contains("verified checkpoints saved to " + kept);
            GovctlRun anchored = govctl("ledger", "verify", "--trusted-checkpoint", kept.toString());
            assertThat(anchored.code()).as(anchored.out() + anchored.err()).isZero();
            assertThat(anchored.out()).contains("checking against").contains("trusted checkpoints from " + kept).contains("ledger intact");
            Path report = work.resolve("report.html");
            GovctlRun reportRun = govctl("audit", "report", "--since", began.toString(), "--out", report.toString());
            assertThat(reportRun.code()).as(reportRun.out() + reportRun.err()).isZero();
            assertThat(reportRun.out()).contains("ledger verified");
            String html = Files.readString(report);
            assertThat(html).contains("id=\"integrity-status\">VERIFIED", "\"decisions\":3", "default-deny")
                    .doesNotContain(aliceEmail, bobEmail);

            GovctlRun recheck = govctl("audit", "verify-pack", pack[0].toString(), "--key", dataDir.resolve("ledger-signing.pub.json").toString());
            assertThat(recheck.code()).as(recheck.out()).isZero();
        } finally {
            if (restoreKeysTopic != null) {
                restoreKeysTopic.run();
            }
        }
    }

    private Runnable restoreKeysTopic;

    /** Records on the keys topic, from its first offset, that still carry a wrapped key of {@code ref}. */
    private static long wrappedKeysOf(Map<String, Object> admin, String topic, String ref) {
        Map<String, Object> props = new java.util.HashMap<>(admin);
        props.put("isolation.level", "read_committed");
        long found = 0;
        try (var consumer = new org.apache.kafka.clients.consumer.KafkaConsumer<>(props,
                new org.apache.kafka.common.serialization.StringDeserializer(), new org.apache.kafka.common.serialization.ByteArrayDeserializer())) {
            var partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new org.apache.kafka.common.TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            var end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                for (var record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.key() != null && record.key().startsWith(ref + "/") && record.value() != null) {
                        found++;
                    }
                }
            }
        }
        return found;
    }

    private JsonNode access(String subject) throws Exception {
        GovctlRun run = govctl("ledger", "access", subject);
        assertThat(run.code()).as(run.err()).isZero();
        return JSON.readTree(run.out());
    }

    private static String dispatch(OrbitClient orbit, String target, String intent, String subject, String tenant) throws Exception {
        String id = orbit.dispatch(new OrbitClient.Dispatch(target, intent, subject, tenant, "{}"));
        JsonNode view = orbit.await(id, Duration.ofSeconds(60));
        assertThat(view.path("correlationId").asText()).isEqualTo(id);
        return id;
    }
}
