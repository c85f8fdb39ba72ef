package io.govstream.cli.ledger;

import io.govstream.cli.client.PlatformKek;
import io.govstream.cli.client.RegistryClients;
import io.govstream.events.LedgerCheckpoint;
import io.govstream.events.LedgerEntry;
import io.govstream.events.SubjectDataKey;
import io.govstream.events.SubjectErasure;
import io.govstream.ledger.export.ExportRow;
import io.govstream.ledger.gdpr.KeysTopic;
import io.govstream.ledger.KafkaLedgerReader;
import io.govstream.ledger.KafkaLedgerStore;
import io.govstream.ledger.LedgerCodec;
import io.govstream.ledger.LedgerReadException;
import io.govstream.ledger.checkpoint.CheckpointRecord;
import io.govstream.ledger.checkpoint.CheckpointVerifier;
import io.govstream.ledger.checkpoint.NoteVerifierKey;
import io.govstream.ledger.checkpoint.SigningKeys;
import io.govstream.ledger.checkpoint.WitnessPolicy;
import io.govstream.schemas.registry.RestSchemaRegistryClient;
import io.govstream.schemas.serde.AvroSerde;
import io.govstream.topology.Catalogue;
import io.govstream.topology.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** What the ledger commands share: topic names, serdes on the registry, Kafka settings, the public key. */
public final class LedgerCli {
    public final Map<String, Object> kafka;
    /** The catalogue the topics below come from. */
    public final Catalogue catalogue;
    public final String ledgerTopic;
    public final String checkpointsTopic;
    public final AvroSerde<LedgerEntry> entries;
    public final AvroSerde<LedgerCheckpoint> checkpoints;
    public final RestSchemaRegistryClient registry;
    public final String keysTopic;
    public final String erasuresTopic;
    public final String dispatchTopic;
    public final AvroSerde<SubjectDataKey> subjectKeys;
    public final AvroSerde<SubjectErasure> erasures;

    /** With the given catalogue's topics (a command's --catalogue), the ledger and checkpoints topics overridable. */
    public LedgerCli(Map<String, Object> client, Catalogue catalogue, String ledgerTopicOrNull, String checkpointsTopicOrNull,
                     String registryOrNull) {
        this.catalogue = catalogue;
        Topics topics = new Topics(catalogue);
        this.ledgerTopic = ledgerTopicOrNull != null ? ledgerTopicOrNull : topics.ledger();
        this.checkpointsTopic = checkpointsTopicOrNull != null ? checkpointsTopicOrNull : topics.ledgerCheckpoints();
        Object registry = registryOrNull != null ? registryOrNull : client.get("schema.registry.url");
        if (registry == null) {
            throw new IllegalArgumentException("no schema registry URL: pass --registry URL or set schema.registry.url in the client config");
        }
        this.registry = RegistryClients.of(client, registry.toString());
        // A principal that may not register schemas (auditor, witness: auto.register.schemas=false) looks them up.
        boolean register = !"false".equals(String.valueOf(client.get("auto.register.schemas")));
        this.entries = AvroSerde.forValue(LedgerEntry.class, this.registry, register);
        this.checkpoints = AvroSerde.forValue(LedgerCheckpoint.class, this.registry, register);
        this.keysTopic = topics.ledgerKeys();
        this.erasuresTopic = topics.ledgerErasures();
        this.dispatchTopic = topics.dispatchRequests();
        this.subjectKeys = AvroSerde.forValue(SubjectDataKey.class, this.registry, register);
        this.erasures = AvroSerde.forValue(SubjectErasure.class, this.registry, register);
        this.kafka = kafkaOnly(client);
    }

    public static Map<String, Object> kafkaOnly(Map<String, Object> client) {
        Map<String, Object> kafka = new HashMap<>(client);
        kafka.keySet().removeIf(k -> RegistryClients.isRegistrySetting(k) || k.equals("orbit.url") || k.equals("group.id"));
        return kafka;
    }

    /**
     * How readers see personal fields: decrypted with the keys on the keys topic, unwrapped with the
     * platform's KEK; without one they stay as stored (ciphertext tokens), and {@code notes} hears why
     * when the data dir has a KEK that is not at hand.
     */
    public ExportRow.Reveal reveal(PlatformKek platformKek, Consumer<String> notes) {
        Optional<PlatformKek.Located> kek;
        try {
            kek = platformKek.open();
        } catch (IllegalStateException notHere) {
            notes.accept("personal fields stay encrypted: " + notHere.getMessage());
            return ExportRow.Reveal.AS_STORED;
        }
        return kek.map(located -> ExportRow.Reveal.with(KeysTopic.ring(readKeys(), located.kek()))).orElse(ExportRow.Reveal.AS_STORED);
    }

    /** Latest record per key of the keys topic (null = tombstone); empty if the topic does not exist. */
    public Map<String, SubjectDataKey> readKeys() {
        return orIfMissing(() -> KeysTopic.readLatest(kafka, keysTopic, b -> subjectKeys.decode(keysTopic, b), Duration.ofSeconds(30)),
                Map.of());
    }

    public LedgerEntry entry(byte[] bytes) {
        return entries.decode(ledgerTopic, bytes);
    }

    /** The ledger topic as a store to read from (verification, reports). */
    public KafkaLedgerStore ledgerStore() {
        return new KafkaLedgerStore(kafka, ledgerTopic, LedgerCodec.avro(entries, ledgerTopic));
    }

    /** The ledger topic's raw records, read with the commands' 30 s bound on making no progress. */
    public KafkaLedgerReader ledgerReader() {
        return new KafkaLedgerReader(kafka, ledgerTopic, Duration.ofSeconds(30), n -> { });
    }

    /**
     * An idempotent producer acknowledged by every replica, to the checkpoints topic (keys: a partition's number, or
     * "combined") or the erasures topic (keys: subject refs).
     */
    public KafkaProducer<String, byte[]> producer() {
        Map<String, Object> props = new HashMap<>(kafka);
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    }

    /** Every checkpoint; none if the topic does not exist yet (a platform from before checkpoints). */
    public List<CheckpointRecord> readCheckpoints() {
        return orIfMissing(() -> CheckpointRecord.readAll(kafka, checkpointsTopic, b -> checkpoints.decode(checkpointsTopic, b),
                Duration.ofSeconds(30)), List.of());
    }

    /** What {@code read} reads, or {@code missing} if its topic does not exist. */
    private static <T> T orIfMissing(Supplier<T> read, T missing) {
        try {
            return read.get();
        } catch (LedgerReadException e) {
            if (e.topicMissing()) {
                return missing;
            }
            throw e;
        }
    }

    /**
     * The witness policy of {@code --witness-key VKEY} (repeatable) and {@code --witness-quorum N}
     * (default: every key given); null if no witness key was given.
     */
    public static WitnessPolicy witnessPolicy(picocli.CommandLine commandLine, List<String> vkeys, Integer quorum) {
        if (vkeys.isEmpty()) {
            if (quorum != null) {
                throw new picocli.CommandLine.ParameterException(commandLine, "--witness-quorum needs at least one --witness-key");
            }
            return null;
        }
        try {
            List<NoteVerifierKey> keys = vkeys.stream().map(NoteVerifierKey::parse).toList();
            return new WitnessPolicy(keys, quorum == null ? keys.size() : quorum);
        } catch (IllegalArgumentException e) {
            throw new picocli.CommandLine.ParameterException(commandLine, e.getMessage(), e);
        }
    }

    /** The trusted public key: {@code --key FILE}, else the data dir's; null if neither exists. */
    public static CheckpointVerifier publicKey(Path keyOption, Path dataDir) {
        if (keyOption != null) {
            if (!Files.exists(keyOption)) {
                throw new IllegalArgumentException("no public key at " + keyOption);
            }
            return SigningKeys.verifier(keyOption);
        }
        Path file = SigningKeys.publicKeyFile(dataDir);
        return Files.exists(file) ? SigningKeys.verifier(file) : null;
    }

    /** The trusted public key as {@link #publicKey} finds it. @throws IllegalArgumentException {@code ifNone} if there is none */
    public static CheckpointVerifier requirePublicKey(Path keyOption, Path dataDir, String ifNone) {
        return Optional.ofNullable(publicKey(keyOption, dataDir)).orElseThrow(() -> new IllegalArgumentException(ifNone));
    }

    /** The ledger's published verifier keys {@code vkeys} if given, else {@link #requirePublicKey}'s; both given: {@code ifBoth}. */
    public static CheckpointVerifier ledgerKey(picocli.CommandLine commandLine, Path keyOption, List<String> vkeys, Path dataDir,
                                               String ifBoth, String ifNone) {
        if (vkeys.isEmpty()) {
            return requirePublicKey(keyOption, dataDir, ifNone);
        }
        if (keyOption != null) {
            throw new picocli.CommandLine.ParameterException(commandLine, ifBoth);
        }
        return CheckpointVerifier.ofNoteKeys(vkeys.stream().map(NoteVerifierKey::parse).toList());
    }
}
