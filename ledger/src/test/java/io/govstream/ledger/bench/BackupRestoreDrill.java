package io.govstream.ledger.bench;

import io.govstream.broker.BrokerSettings;
import io.govstream.broker.EmbeddedKafka;
import io.govstream.events.Effect;
import io.govstream.events.Envelope;
import io.govstream.events.GovernanceDecision;
import io.govstream.events.LedgerCheckpoint;
import io.govstream.events.LedgerEntry;
import io.govstream.ledger.KafkaLedgerStore;
import io.govstream.ledger.audit.LedgerAudit;
import io.govstream.ledger.LedgerChain;
import io.govstream.ledger.LedgerCodec;
import io.govstream.ledger.LedgerFact;
import io.govstream.ledger.LedgerHead;
import io.govstream.ledger.backup.BackupManifest;
import io.govstream.ledger.backup.LedgerBackup;
import io.govstream.ledger.backup.LedgerRestore;
import io.govstream.ledger.checkpoint.CheckpointRecord;
import io.govstream.ledger.checkpoint.CheckpointSigner;
import io.govstream.ledger.checkpoint.Checkpoints;
import io.govstream.schemas.registry.InMemorySchemaRegistryClient;
import io.govstream.schemas.serde.AvroSerde;
import io.govstream.secrets.SigningKeyFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Not a test: the backup/restore drill at scale, for the RPO/RTO figures in docs/ledger.md.
 * Writes N entries over 3 partitions (checkpoint every 1000) to one embedded broker, backs them
 * up, restores them into a second, fresh broker and verifies the result end to end.
 * Run like {@link LedgerVerifyBenchmark} with main class {@code io.govstream.ledger.bench.BackupRestoreDrill N}.
 */
public final class BackupRestoreDrill {
    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int partitions = 3;
        Path dir = Files.createTempDirectory("ledger-drill");
        InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();
        AvroSerde<LedgerEntry> entries = AvroSerde.forValue(LedgerEntry.class, registry);
        AvroSerde<LedgerCheckpoint> checkpoints = AvroSerde.forValue(LedgerCheckpoint.class, registry);
        CheckpointSigner signer = CheckpointSigner.of(SigningKeyFiles.generate());
        String ledger = "governance.ledger";
        String cps = "governance.ledger.checkpoints";
        try (EmbeddedKafka source = EmbeddedKafka.start(BrokerSettings.ephemeral(dir.resolve("source")));
             EmbeddedKafka target = EmbeddedKafka.start(BrokerSettings.ephemeral(dir.resolve("target")))) {
            for (EmbeddedKafka broker : List.of(source, target)) {
                try (Admin admin = Admin.create(broker.adminClientProperties())) {
                    admin.createTopics(List.of(new NewTopic(ledger, partitions, (short) 1), new NewTopic(cps, 1, (short) 1))).all().get();
                }
            }
            Map<String, Object> props = new HashMap<>(source.adminClientProperties());
            props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
            props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
            props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "drill");
            props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
            LedgerChain chain = new LedgerChain("drill");
            LedgerHead[] heads = new LedgerHead[partitions];
            for (int p = 0; p < partitions; p++) {
                heads[p] = LedgerHead.genesis(p);
            }
            long w0 = System.nanoTime();
            try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props)) {
                producer.initTransactions();
                producer.beginTransaction();
                for (int i = 0; i < n; i++) {
                    int p = i % partitions;
                    LedgerEntry entry = chain.next(heads[p].chain(), LedgerFact.decision(decision("c-" + i)), Instant.now());
                    heads[p] = heads[p].after(entry);
                    producer.send(new ProducerRecord<>(ledger, p, entry.getSubjectKey(), entries.encode(ledger, entry)));
                    if (heads[p].size() % 1000 == 0) {
                        LedgerCheckpoint cp = signer.sign(Checkpoints.of(ledger, heads[p], Instant.now(), "drill"));
                        producer.send(new ProducerRecord<>(cps, 0, Integer.toString(p), checkpoints.encode(cps, cp)));
                    }
                    if (i % 10_000 == 9_999) {
                        producer.commitTransaction();
                        producer.beginTransaction();
                    }
                }
                producer.commitTransaction();
            }
            System.out.printf("wrote %,d entries in %.1f s%n", n, (System.nanoTime() - w0) / 1e9);

            long b0 = System.nanoTime();
            BackupManifest manifest = LedgerBackup.run(source.adminClientProperties(), ledger, cps, b -> entries.decode(ledger, b),
                    b -> checkpoints.decode(cps, b), dir.resolve("backup"), c -> { });
            double backup = (System.nanoTime() - b0) / 1e9;
            long bytes;
            try (var files = Files.list(dir.resolve("backup"))) {
                bytes = files.mapToLong(f -> f.toFile().length()).sum();
            }
            long r0 = System.nanoTime();
            LedgerRestore.Result restored = LedgerRestore.run(target.adminClientProperties(), dir.resolve("backup"), ledger, cps,
                    LedgerCodec.avro(entries, ledger), checkpoints::encode, c -> { });
            double restore = (System.nanoTime() - r0) / 1e9;
            long v0 = System.nanoTime();
            LedgerAudit.Result verified = LedgerAudit.run(ledger,
                    new KafkaLedgerStore(target.adminClientProperties(), ledger, LedgerCodec.avro(entries, ledger)), cps,
                    CheckpointRecord.readAll(target.adminClientProperties(), cps, b -> checkpoints.decode(cps, b), Duration.ofSeconds(30)),
                    signer.verifier(), b -> entries.decode(ledger, b), false, c -> { });
            double verify = (System.nanoTime() - v0) / 1e9;
            System.out.printf("backup: %,d entries + %,d checkpoints, %.1f MB on disk, %.1f s (%,.0f entries/s)%n", manifest.totalEntries(),
                    manifest.checkpoints().count(), bytes / 1e6, backup, n / backup);
            System.out.printf("restore: %,d entries into a fresh broker in %.1f s (%,.0f entries/s)%n", restored.entries(), restore, n / restore);
            System.out.printf("verify after restore: clean=%s, %d checkpoints verified, %.1f s (%,.0f entries/s)%n",
                    verified.report().isClean(), verified.verifiedCheckpoints().values().stream().mapToInt(List::size).sum(), verify, n / verify);
        }
    }

    private static GovernanceDecision decision(String id) {
        return GovernanceDecision.newBuilder()
                .setEnvelope(Envelope.newBuilder().setEventId("decision-" + id).setCorrelationId(id).setCausationId("request-" + id)
                        .setTenant("acme").setOccurredAt(Instant.EPOCH).setProducer("governance-streams").setTraceparent(null).build())
                .setRequestEventId("request-" + id).setEffect(Effect.PERMIT).setPolicySetId("default-dispatch").setPolicyVersion("7")
                .setPolicyHash("sha256:00").setRuleId("permit-orbit-axon").setReason("because").setSource("orbit").setTarget("axon")
                .setIntent("reason").setSubject("alice").build();
    }
}
