package io.govstream.ledger;

import io.govstream.ledger.audit.LedgerAudit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.google.crypto.tink.KeysetHandle;
import io.govstream.broker.BrokerSettings;
import io.govstream.broker.EmbeddedKafka;
import io.govstream.events.Effect;
import io.govstream.events.GovernanceDecision;
import io.govstream.events.LedgerCheckpoint;
import io.govstream.events.LedgerEntry;
import io.govstream.ledger.backup.BackupManifest;
import io.govstream.ledger.backup.LedgerBackup;
import io.govstream.ledger.backup.LedgerRestore;
import io.govstream.ledger.checkpoint.CheckpointPolicy;
import io.govstream.ledger.checkpoint.CheckpointProcessor;
import io.govstream.ledger.checkpoint.CheckpointRecord;
import io.govstream.ledger.checkpoint.CheckpointSigner;
import io.govstream.ledger.checkpoint.Checkpoints;
import io.govstream.ledger.checkpoint.SigningKeys;
import io.govstream.ledger.export.HostileContainers;
import io.govstream.ledger.proof.InclusionProof;
import io.govstream.ledger.proof.LedgerProver;
import io.govstream.ledger.proof.ProofChecker;
import io.govstream.ledger.proof.ProofJson;
import io.govstream.schemas.registry.InMemorySchemaRegistryClient;
import io.govstream.schemas.serde.AvroSerde;
import io.govstream.secrets.SigningKeyFiles;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The proof half of the ledger on a real broker: tampering of every kind caught with partition
 * and offset, a forged checkpoint caught, an inclusion proof made live and checked offline, and
 * the backup → restore → verify → append drill.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class LedgerProofsIT {
    @TempDir
    static Path dataDir;
    private EmbeddedKafka kafka;
    private final InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();
    private final AvroSerde<GovernanceDecision> decisions = AvroSerde.forValue(GovernanceDecision.class, registry);
    private final AvroSerde<LedgerEntry> entries = AvroSerde.forValue(LedgerEntry.class, registry);
    private final AvroSerde<LedgerCheckpoint> checkpoints = AvroSerde.forValue(LedgerCheckpoint.class, registry);
    private final KeysetHandle signingKeys = SigningKeyFiles.generate();
    private final CheckpointSigner signer = CheckpointSigner.of(signingKeys);

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

    // ---- tampering, each caught with partition and offset ----

    @Test
    void givenAnEntryRewrittenWithOtherContent_whenVerified_thenModifiedAtItsOffset() throws Exception {
        Topics t = topics(1);
        List<LedgerEntry> chain = TestFacts.chain(0, 5);
        chain.get(2).setSubjectKey("someone-else");

        List<Long> offsets = write(t.ledger, chain);

        assertFirstProblem(audit(t, false), ProblemKind.MODIFIED, 0, offsets.get(2));
    }

    @Test
    void givenTheFirstEntriesDeletedWithDeleteRecords_whenVerified_thenMissingAtTheFirstRemainingOffset() throws Exception {
        Topics t = topics(1);
        List<Long> offsets = write(t.ledger, TestFacts.chain(0, 5));
        try (Admin admin = Admin.create(kafka.adminClientProperties())) {
            admin.deleteRecords(Map.of(new TopicPartition(t.ledger, 0), RecordsToDelete.beforeOffset(offsets.get(2)))).all().get();
        }

        LedgerAudit.Result result = audit(t, false);

        assertFirstProblem(result, ProblemKind.MISSING, 0, offsets.get(2));
        assertThat(result.report().problems().get(0).message()).contains("sequences 0..1 missing");
    }

    @Test
    void givenTwoEntriesSwapped_whenVerified_thenTheJumpAndTheReturnAreNamed() throws Exception {
        Topics t = topics(1);
        List<LedgerEntry> chain = TestFacts.chain(0, 5);

        List<Long> offsets = write(t.ledger, List.of(chain.get(0), chain.get(1), chain.get(3), chain.get(2), chain.get(4)));

        LedgerAudit.Result result = audit(t, false);
        assertFirstProblem(result, ProblemKind.MISSING, 0, offsets.get(2));
        assertThat(result.report().problems()).anySatisfy(p -> {
            assertThat(p.kind()).isEqualTo(ProblemKind.REORDERED_OR_DUPLICATE);
            assertThat(p.offset()).isEqualTo(offsets.get(3));
        });
    }

    @Test
    void givenAWellFormedEntryInjectedMidChain_whenVerified_thenInjectedAtItsOffsetAndTheRestVerifies() throws Exception {
        Topics t = topics(2);
        List<LedgerEntry> chain = TestFacts.chain(1, 4);
        LedgerEntry forged = TestFacts.copy(chain.get(2));
        forged.setSubjectKey("c-forged");
        forged.setPrevHash(ByteBuffer.wrap(ChainHasher.sha256("a guess".getBytes())));
        forged.setHash(ByteBuffer.wrap(ChainHasher.hash(forged)));

        List<Long> offsets = write(t.ledger, List.of(chain.get(0), chain.get(1), forged, chain.get(2), chain.get(3)));

        LedgerAudit.Result result = audit(t, false);
        assertThat(result.report().problems()).hasSize(1);
        assertFirstProblem(result, ProblemKind.INJECTED, 1, offsets.get(2));
    }

    @Test
    void givenACheckpointWithAForgedSignature_whenVerified_thenCheckpointForgedAtItsOffset() throws Exception {
        Topics t = topics(1);
        List<LedgerEntry> chain = TestFacts.chain(0, 6);
        write(t.ledger, chain);
        LedgerCheckpoint genuine = signer.sign(Checkpoints.of(t.ledger, headAfter(chain, 3), Instant.now(), "it"));
        LedgerCheckpoint forged = signer.sign(Checkpoints.of(t.ledger, headAfter(chain, 6), Instant.now(), "it"));
        forged.setIssuedAt(forged.getIssuedAt().minusSeconds(86_400)); // backdated after signing
        List<Long> cpOffsets = writeCheckpoints(t.checkpoints, List.of(genuine, forged));

        LedgerAudit.Result result = audit(t, false);

        assertFirstProblem(result, ProblemKind.CHECKPOINT_FORGED, 0, cpOffsets.get(1));
        assertThat(result.report().problems()).hasSize(1);
        assertThat(result.verifiedCheckpoints().get(0)).hasSize(1);
    }

    @Test
    void givenACheckpointedLedger_whenItsCheckpointRecordsAreDeleted_thenVerifyFailsNamingTheUncoveredEntries() throws Exception {
        Topics t = topics(1);
        List<LedgerEntry> chain = TestFacts.chain(0, 6); // appended at TestFacts.T0, long before now
        write(t.ledger, chain);
        List<Long> cpOffsets = writeCheckpoints(t.checkpoints,
                List.of(signer.sign(Checkpoints.of(t.ledger, headAfter(chain, 6), Instant.now(), "it"))));
        assertThat(audit(t, Instant.now(), Duration.ofMinutes(5)).report().isClean()).as("checkpointed: intact").isTrue();

        try (Admin admin = Admin.create(kafka.adminClientProperties())) {
            admin.deleteRecords(Map.of(new TopicPartition(t.checkpoints, 0), RecordsToDelete.beforeOffset(cpOffsets.get(0) + 1)))
                    .all().get();
        }
        LedgerAudit.Result result = audit(t, Instant.now(), Duration.ofMinutes(5));

        assertThat(result.checkpointsRead()).isZero();
        assertThat(result.report().problems()).singleElement().satisfies(p -> {
            assertThat(p.kind()).isEqualTo(ProblemKind.CHECKPOINT_MISSING);
            assertThat(p.message()).contains("entries from sequence 0 on").contains("covered by no verified checkpoint");
        });
        assertThat(audit(t, false).report().isClean()).as("without the bound, the chain alone still verifies").isTrue();
    }

    @Test
    void givenBothTopicsRecreatedWithARecomputedChain_whenVerifiedAgainstACheckpointKeptOutside_thenMismatch(
            @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        Topics t = topics(1);
        List<LedgerEntry> original = TestFacts.chain(0, 6);
        write(t.ledger, original);
        writeCheckpoints(t.checkpoints, List.of(signer.sign(Checkpoints.of(t.ledger, headAfter(original, 6), Instant.now(), "it"))));
        LedgerAudit.Result before = audit(t, false);
        assertThat(before.report().isClean()).as(before.report().toString()).isTrue();
        java.nio.file.Path kept = dir.resolve("trusted.checkpoints");
        io.govstream.ledger.checkpoint.TrustedCheckpoints.write(kept, List.of(before.latestVerified(0).orElseThrow()));

        // Whoever holds admin credentials and the signing key deletes both topics and writes another history.
        try (Admin admin = Admin.create(kafka.adminClientProperties())) {
            admin.deleteTopics(List.of(t.ledger, t.checkpoints)).all().get();
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30))
                    .until(() -> !admin.listTopics().names().get().contains(t.ledger) && !admin.listTopics().names().get().contains(t.checkpoints));
        }
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                .until(() -> {
                    createTopics(new NewTopic(t.ledger, 1, (short) 1), new NewTopic(t.checkpoints, 1, (short) 1));
                    return true;
                });
        // The first three entries kept, the last three replaced by DENYs, every hash and link recomputed.
        List<LedgerEntry> rewritten = new ArrayList<>(original.subList(0, 3));
        LedgerChain chain = new LedgerChain("test");
        ChainHead head = ChainHead.after(original.get(2));
        for (int i = 3; i < 6; i++) {
            LedgerEntry entry = chain.next(head, LedgerFact.decision(TestFacts.decision("c-0-" + i, io.govstream.events.Effect.DENY)),
                    TestFacts.T0.plusSeconds(i));
            rewritten.add(entry);
            head = ChainHead.after(entry);
        }
        write(t.ledger, rewritten);
        writeCheckpoints(t.checkpoints, List.of(signer.sign(Checkpoints.of(t.ledger, headAfter(rewritten, 6), Instant.now(), "it"))));

        LedgerAudit.Result alone = audit(t, false);
        List<CheckpointRecord> cps = new ArrayList<>(CheckpointRecord.readAll(kafka.adminClientProperties(), t.checkpoints,
                b -> checkpoints.decode(t.checkpoints, b), Duration.ofSeconds(30)));
        cps.addAll(io.govstream.ledger.checkpoint.TrustedCheckpoints.records(io.govstream.ledger.checkpoint.TrustedCheckpoints.read(kept)));
        LedgerAudit.Result anchored = LedgerAudit.run(t.ledger, store(kafka, t),
                t.checkpoints, cps, signer.verifier(), b -> entries.decode(t.ledger, b), false, n -> { });

        assertThat(alone.report().isClean()).as("the rewrite agrees with itself: " + alone.report()).isTrue();
        assertThat(anchored.report().problems()).singleElement().satisfies(p -> {
            assertThat(p.kind()).isEqualTo(ProblemKind.CHECKPOINT_MISMATCH);
            assertThat(p.message()).contains("(trusted, kept outside the cluster)");
        });
    }

    // ---- live appender + checkpoints → offline proof; incremental verification ----

    @Test
    void givenALiveAppenderWithCheckpoints_whenAnEntryIsProven_thenTheProofVerifiesOfflineAndATamperedOneDoesNot() throws Exception {
        Topics t = topics(2);
        String input = "it-input-" + UUID.randomUUID().toString().substring(0, 8);
        createTopics(new NewTopic(input, 2, (short) 1));
        runAppender(input, t, 10, new CheckpointPolicy(4, Duration.ofMillis(500)), LedgerHeadRecovery.NONE);

        LedgerAudit.Result full = audit(t, false);
        assertThat(full.report().isClean()).as(full.report().toString()).isTrue();
        assertThat(full.report().entriesChecked()).isEqualTo(10);
        LedgerCheckpoint latest0 = full.latestVerified(0).orElseThrow();
        assertThat(latest0.getTreeSize()).as("the interval checkpoint covers the tail").isEqualTo(5);

        // Prove entry 2 of partition 0 against the latest checkpoint, as `govctl ledger prove 0:2` does.
        LedgerProver prover = new LedgerProver(0);
        LedgerEntry[] target = new LedgerEntry[1];
        long[] targetOffset = {-1};
        new KafkaLedgerReader(kafka.adminClientProperties(), t.ledger).replay(java.util.Set.of(0), Map.of(), r -> {
            LedgerEntry e = entries.decode(t.ledger, r.value());
            prover.accept(e);
            if (e.getSequence() == 2) {
                target[0] = e;
                targetOffset[0] = r.offset();
            }
        });
        String json = ProofJson.write(prover.prove(t.ledger, target[0], targetOffset[0], latest0, 0));
        Path file = Files.writeString(dataDir.resolve("proof-" + t.ledger + ".json"), json);

        // Offline: only the file and the public key.
        Path pub = dataDir.resolve("pub-" + t.ledger + ".json");
        Files.writeString(pub, SigningKeyFiles.serializePublic(signingKeys));
        ProofChecker.Outcome read = ProofChecker.verify(Files.readString(file), SigningKeys.verifier(pub), null);
        assertThat(read.problem()).isNull();
        assertThat(read.proof().entry()).isEqualTo(target[0]);
        assertThat(read.proof().origin()).isEqualTo("govstream/" + t.ledger + "/0");

        LedgerEntry tampered = LedgerEntry.newBuilder(target[0]).setSubjectKey("someone-else").build();
        tampered.setHash(ByteBuffer.wrap(ChainHasher.hash(tampered)));
        InclusionProof forged = new InclusionProof(t.ledger, tampered, targetOffset[0], prover.prove(t.ledger, target[0], 0, latest0, 0).auditPath(),
                latest0, 0);
        assertThat(ProofChecker.verify(ProofJson.write(forged), SigningKeys.verifier(pub), null).problem())
                .contains("not in the ledger as signed");

        // Incremental: start at each partition's latest signed checkpoint; nothing after it, nothing to read.
        LedgerAudit.Result incremental = audit(t, true);
        assertThat(incremental.report().isClean()).as(incremental.report().toString()).isTrue();
        assertThat(incremental.startedFrom()).containsKeys(0, 1);
        assertThat(incremental.report().entriesChecked()).isZero();
    }

    // ---- backup → restore into a fresh broker → verify → new appends chain on ----

    @Test
    void givenABackup_whenRestoredIntoAFreshBroker_thenItVerifiesAndNewAppendsChainOntoTheRestoredHead() throws Exception {
        Topics t = topics(2);
        String input = "it-input-" + UUID.randomUUID().toString().substring(0, 8);
        createTopics(new NewTopic(input, 2, (short) 1));
        runAppender(input, t, 12, new CheckpointPolicy(5, Duration.ofMillis(500)), LedgerHeadRecovery.NONE);
        LedgerAudit.Result before = audit(t, false);
        assertThat(before.report().isClean()).as(before.report().toString()).isTrue();

        Path backupDir = dataDir.resolve("backup-" + t.ledger);
        long b0 = System.nanoTime();
        BackupManifest manifest = LedgerBackup.run(kafka.adminClientProperties(), t.ledger, t.checkpoints,
                b -> entries.decode(t.ledger, b), b -> checkpoints.decode(t.checkpoints, b), backupDir, n -> { });
        long backupMs = (System.nanoTime() - b0) / 1_000_000;
        assertThat(manifest.totalEntries()).isEqualTo(12);
        assertThat(manifest.ledgerVerified()).isTrue();
        assertThat(manifest.checkpoints().count()).isEqualTo(before.checkpointsRead());

        try (EmbeddedKafka fresh = EmbeddedKafka.start(BrokerSettings.ephemeral(dataDir.resolve("fresh-" + t.ledger)))) {
            try (Admin admin = Admin.create(fresh.adminClientProperties())) {
                admin.createTopics(List.of(new NewTopic(t.ledger, 2, (short) 1), new NewTopic(t.checkpoints, 1, (short) 1),
                        new NewTopic(input, 2, (short) 1))).all().get();
            }
            long r0 = System.nanoTime();
            LedgerRestore.Result restored = LedgerRestore.run(fresh.adminClientProperties(), backupDir, t.ledger, t.checkpoints,
                    LedgerCodec.avro(entries, t.ledger), checkpoints::encode, n -> { });
            long restoreMs = (System.nanoTime() - r0) / 1_000_000;
            assertThat(restored.entries()).isEqualTo(12);

            LedgerAudit.Result after = audit(fresh, t, false);
            assertThat(after.report().isClean()).as(after.report().toString()).isTrue();
            for (int p = 0; p < 2; p++) {
                assertThat(after.report().partitions().get(p).merkleRootHex()).isEqualTo(before.report().partitions().get(p).merkleRootHex());
            }
            assertThat(after.verifiedCheckpoints().values().stream().mapToInt(List::size).sum())
                    .isEqualTo(before.verifiedCheckpoints().values().stream().mapToInt(List::size).sum());

            assertThatThrownBy(() -> LedgerRestore.run(fresh.adminClientProperties(), backupDir, t.ledger, t.checkpoints,
                    LedgerCodec.avro(entries, t.ledger), checkpoints::encode, n -> { }))
                    .isInstanceOf(LedgerConflictException.class).hasMessageContaining("not empty");

            // A partition's file replaced by a deflate bomb and the manifest's hash changed to match (nothing signs the
            // manifest): refused before a block is inflated into memory or anything is written.
            Path hostile = dataDir.resolve("hostile-" + t.ledger);
            Files.createDirectories(hostile);
            try (var files = Files.list(backupDir)) {
                for (Path file : files.toList()) {
                    Files.copy(file, hostile.resolve(file.getFileName()));
                }
            }
            String p0 = manifest.partitions().get(0).file();
            Files.write(hostile.resolve(p0), HostileContainers.deflateBomb(Files.readAllBytes(backupDir.resolve(p0)), 256));
            Path manifestFile = hostile.resolve(BackupManifest.FILE);
            Files.writeString(manifestFile, Files.readString(manifestFile).replace(manifest.partitions().get(0).sha256(),
                    ChainHasher.sha256Hex(hostile.resolve(p0))));
            Topics empty = new Topics(t.ledger + "-empty", t.checkpoints + "-empty");
            try (Admin admin = Admin.create(fresh.adminClientProperties())) {
                admin.createTopics(List.of(new NewTopic(empty.ledger, 2, (short) 1), new NewTopic(empty.checkpoints, 1, (short) 1))).all().get();
            }
            assertThatThrownBy(() -> LedgerRestore.run(fresh.adminClientProperties(), hostile, empty.ledger, empty.checkpoints,
                    LedgerCodec.avro(entries, empty.ledger), checkpoints::encode, n -> { }))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("backup file " + p0 + ": block 1 inflates to more than");

            // A fresh appender (empty store) on the restored ledger: the head is rebuilt from the topic.
            LedgerHeadRecovery recovery = LedgerHeadRecovery.verifying(store(fresh, t), b -> entries.decode(t.ledger, b));
            runAppender(fresh, input, t, 4, new CheckpointPolicy(2, Duration.ofMillis(500)), recovery, 16);
            LedgerAudit.Result appended = audit(fresh, t, false);
            assertThat(appended.report().isClean()).as(appended.report().toString()).isTrue();
            assertThat(appended.report().entriesChecked()).isEqualTo(16);
            assertThat(appended.report().partitions().get(0).head().nextSequence()
                    + appended.report().partitions().get(1).head().nextSequence()).isEqualTo(16);
            System.out.printf("[drill] backup of %d entries: %d ms; restore: %d ms%n", manifest.totalEntries(), backupMs, restoreMs);
        }
    }

    // ---- helpers ----

    private record Topics(String ledger, String checkpoints) {
    }

    private Topics topics(int partitions) throws Exception {
        String id = UUID.randomUUID().toString().substring(0, 8);
        Topics t = new Topics("it-ledger-" + id, "it-checkpoints-" + id);
        createTopics(new NewTopic(t.ledger, partitions, (short) 1), new NewTopic(t.checkpoints, 1, (short) 1));
        return t;
    }

    private void createTopics(NewTopic... topics) throws Exception {
        try (Admin admin = Admin.create(kafka.adminClientProperties())) {
            admin.createTopics(List.of(topics)).all().get();
        }
    }

    private LedgerAudit.Result audit(Topics t, boolean fromCheckpoint) {
        return audit(kafka, t, fromCheckpoint);
    }

    private LedgerAudit.Result audit(Topics t, Instant now, Duration maxLag) {
        List<CheckpointRecord> cps = CheckpointRecord.readAll(kafka.adminClientProperties(), t.checkpoints,
                b -> checkpoints.decode(t.checkpoints, b), Duration.ofSeconds(30));
        return LedgerAudit.run(t.ledger, store(kafka, t), t.checkpoints, cps,
                signer.verifier(), b -> entries.decode(t.ledger, b), false, n -> { }, now, maxLag,
                LedgerAudit.Verification.of(b -> entries.decode(t.ledger, b)), null);
    }

    private LedgerAudit.Result audit(EmbeddedKafka broker, Topics t, boolean fromCheckpoint) {
        List<CheckpointRecord> cps = CheckpointRecord.readAll(broker.adminClientProperties(), t.checkpoints,
                b -> checkpoints.decode(t.checkpoints, b), Duration.ofSeconds(30));
        return LedgerAudit.run(t.ledger, store(broker, t), t.checkpoints, cps,
                signer.verifier(), b -> entries.decode(t.ledger, b), fromCheckpoint, n -> { });
    }

    private static void assertFirstProblem(LedgerAudit.Result result, ProblemKind kind, int partition, long offset) {
        assertThat(result.report().problems()).as(result.report().toString()).isNotEmpty();
        Problem p = result.report().problems().get(0);
        assertThat(p.kind()).as(p.toString()).isEqualTo(kind);
        assertThat(p.partition()).as(p.toString()).isEqualTo(partition);
        assertThat(p.offset()).as(p.toString()).isEqualTo(offset);
    }

    /** Writes entries, each to the partition it names, in one transaction; returns their offsets. */
    private List<Long> write(String topic, List<LedgerEntry> list) throws Exception {
        return commit(list.stream().map(e -> new ProducerRecord<>(topic, e.getPartition(), e.getSubjectKey(), entries.encode(topic, e))).toList());
    }

    /** Writes checkpoints to partition 0, keyed by the partition they cover, in one transaction; returns their offsets. */
    private List<Long> writeCheckpoints(String topic, List<LedgerCheckpoint> list) throws Exception {
        return commit(list.stream().map(c -> new ProducerRecord<>(topic, 0, Integer.toString(c.getPartition()), checkpoints.encode(topic, c)))
                .toList());
    }

    /**
     * Sends {@code records} in one transaction and returns their offsets once a read_committed reader can read them: a
     * commit returns before its markers are written, and until they are such a reader sees none of the records.
     */
    private List<Long> commit(List<ProducerRecord<String, byte[]>> records) throws Exception {
        List<org.apache.kafka.clients.producer.RecordMetadata> sent = new ArrayList<>();
        try (KafkaProducer<String, byte[]> producer = transactional()) {
            producer.beginTransaction();
            List<java.util.concurrent.Future<org.apache.kafka.clients.producer.RecordMetadata>> futures = new ArrayList<>();
            records.forEach(record -> futures.add(producer.send(record)));
            producer.commitTransaction();
            for (var f : futures) {
                sent.add(f.get());
            }
        }
        Map<Integer, Long> last = new HashMap<>();
        sent.forEach(m -> last.merge(m.partition(), m.offset(), Math::max));
        KafkaLedgerReader reader = new KafkaLedgerReader(kafka.adminClientProperties(), records.get(0).topic(), Duration.ofSeconds(30), n -> { });
        last.forEach(reader::awaitReadable);
        return sent.stream().map(org.apache.kafka.clients.producer.RecordMetadata::offset).toList();
    }

    private KafkaProducer<String, byte[]> transactional() {
        Map<String, Object> props = new HashMap<>(kafka.adminClientProperties());
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "it-writer-" + UUID.randomUUID());
        KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props);
        producer.initTransactions();
        return producer;
    }

    private static LedgerHead headAfter(List<LedgerEntry> chain, int n) {
        LedgerHead head = LedgerHead.genesis(chain.get(0).getPartition());
        for (int i = 0; i < n; i++) {
            head = head.after(chain.get(i));
        }
        return head;
    }

    private KafkaLedgerStore store(EmbeddedKafka broker, Topics t) {
        return new KafkaLedgerStore(broker.adminClientProperties(), t.ledger, LedgerCodec.avro(entries, t.ledger));
    }

    private void runAppender(String input, Topics t, int n, CheckpointPolicy policy, LedgerHeadRecovery recovery) throws Exception {
        runAppender(kafka, input, t, n, policy, recovery, n);
    }

    /** Runs the appender and checkpointer as governance-streams wires them, until {@code expectTotal} entries are in the ledger. */
    private void runAppender(EmbeddedKafka broker, String input, Topics t, int n, CheckpointPolicy policy, LedgerHeadRecovery recovery,
                             long expectTotal) throws Exception {
        String id = "it-app-" + UUID.randomUUID().toString().substring(0, 8);
        StreamsBuilder builder = new StreamsBuilder();
        KStream<String, LedgerEntry> appended = builder.stream(input, Consumed.with(Serdes.String(), decisions).withName("source"))
                .process(LedgerAppendProcessor.<String, GovernanceDecision>supplier("it", LedgerFact::decision, recovery),
                        Named.as("ledger-append"));
        appended.to(t.ledger, Produced.with(Serdes.String(), entries, new LedgerPartitioner<String>()).withName("ledger-sink"));
        appended.process(CheckpointProcessor.supplier(t.ledger, signer, policy, "it"), Named.as("ledger-checkpoint"),
                        LedgerAppendProcessor.HEADS_STORE)
                .to(t.checkpoints, Produced.with(Serdes.String(), checkpoints).withName("ledger-checkpoints-sink"));
        Properties props = new Properties();
        props.putAll(broker.adminClientProperties());
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, id);
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.STATE_DIR_CONFIG, dataDir.resolve("state-" + id).toString());
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
        try (KafkaStreams streams = new KafkaStreams(builder.build(), props)) {
            streams.start();
            Map<String, Object> producerProps = new HashMap<>(broker.adminClientProperties());
            producerProps.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
            producerProps.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
            try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(producerProps)) {
                for (int i = 0; i < n; i++) {
                    String c = id + "-c-" + i;
                    producer.send(new ProducerRecord<>(input, i % 2, c, decisions.encode(input, TestFacts.decision(c, Effect.PERMIT)))).get();
                }
            }
            KafkaLedgerReader reader = new KafkaLedgerReader(broker.adminClientProperties(), t.ledger);
            await().atMost(Duration.ofSeconds(60)).until(() -> reader.replayFromStart(r -> { }) == expectTotal);
            // Every partition's tail is checkpointed by the interval punctuation.
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                Map<Integer, Long> latest = new HashMap<>();
                CheckpointRecord.readAll(broker.adminClientProperties(), t.checkpoints, b -> checkpoints.decode(t.checkpoints, b),
                        Duration.ofSeconds(30)).forEach(r -> latest.merge(r.checkpoint().getPartition(), r.checkpoint().getTreeSize(), Math::max));
                long sum = latest.values().stream().mapToLong(Long::longValue).sum();
                return sum == expectTotal;
            });
        }
    }
}
