package io.govstream.cli.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.govstream.cli.GovctlRun;
import io.govstream.cli.PrivatePlatform;
import io.govstream.cli.TestPorts;
import io.govstream.cli.Unique;
import io.govstream.cli.dispatch.OrbitClient;
import io.govstream.cli.platform.EmbeddedPlatform;
import io.govstream.cli.client.PlatformKek;
import io.govstream.cli.platform.PlatformSettings;
import io.govstream.schemas.gdpr.SubjectRef;
import io.govstream.secrets.SecretFiles;
import io.govstream.topology.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ledger's key-encryption key lives outside govctl up's data dir, which with everything in it
 * is for its owner only, and a data dir from an older version, its KEK inside, is upgraded on the
 * next start without losing a single decryptable entry.
 */
@Timeout(420)
@PrivatePlatform("stops the platform, puts its KEK back where older versions kept it, and starts it again")
class KeysApartIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dataDir;
    @TempDir
    Path work;

    @Test
    void givenADataDirWithItsKekInside_whenUpAgain_thenTheKekMovesOut_noKeyMaterialStaysInTheDataDir_andOldAndNewEntriesDecrypt()
            throws Exception {
        PlatformSettings settings = TestPorts.platform(dataDir);
        String tenant = Unique.name("acme");
        String before = Unique.name("dora") + "@example.com";
        String after = Unique.name("eve") + "@example.com";
        Path legacy = dataDir.resolve(PlatformKek.LEGACY_FILE);

        try (EmbeddedPlatform first = EmbeddedPlatform.start(settings, step -> { })) {
            dispatch(first, before, tenant);
            // As older versions left a data dir: the KEK in its secrets, nothing recorded about it.
            SecretFiles.write(legacy, SecretFiles.readBytes(first.kek().file()));
            Files.delete(first.kek().file());
            Files.delete(dataDir.resolve(PlatformKek.RECORD));
        }

        Path keyDir = work.resolve("keys");
        List<String> steps = new ArrayList<>();
        try (EmbeddedPlatform platform = EmbeddedPlatform.start(settings.withKeyDir(keyDir), steps::add)) {
            Path kek = keyDir.resolve(PlatformKek.FILE);
            assertThat(steps).anySatisfy(step -> assertThat(step)
                    .startsWith("moved the ledger key-encryption key from " + legacy + " to " + kek));
            assertThat(platform.kek().file()).isEqualTo(kek);
            dispatch(platform, after, tenant);

            // No key material anywhere in the data dir: not the file, not its key bytes in any file (logs, state, secrets).
            List<byte[]> keyMaterial = keyMaterial(kek);
            try (Stream<Path> files = Files.walk(dataDir)) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    assertThat(file.getFileName().toString()).isNotEqualTo(PlatformKek.FILE);
                    byte[] content = Files.readAllBytes(file);
                    for (byte[] secret : keyMaterial) {
                        assertThat(io.govstream.cli.ledger.HeldInClear.contains(content, secret)).as("KEK material in " + file).isFalse();
                    }
                }
            }
            for (Path dir : List.of(dataDir, dataDir.resolve("kafka"), dataDir.resolve("secrets"), keyDir)) {
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).as(dir.toString()).isEqualTo("rwx------");
            }
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(kek))).isEqualTo("rw-------");

            // governance-streams still encrypts: the ledger holds neither person's address in clear.
            assertThat(ledgerRecordsContaining(platform, before)).isZero();
            assertThat(ledgerRecordsContaining(platform, after)).isZero();

            // ledger access, told nothing but the data dir, finds the moved KEK and decrypts what was written before and after.
            for (String subject : List.of(before, after)) {
                GovctlRun run = GovctlRun.of("ledger", "access", subject, "--data-dir", dataDir.toString());
                assertThat(run.code()).as(run.err()).isZero();
                JsonNode report = JSON.readTree(run.out());
                assertThat(report.path("subjectRef").asText()).isEqualTo(SubjectRef.of(subject));
                assertThat(report.path("entries")).hasSize(1);
                assertThat(report.path("entries").get(0).path("subject").asText()).isEqualTo(subject);
            }
        }
    }

    private static void dispatch(EmbeddedPlatform platform, String subject, String tenant) throws Exception {
        OrbitClient orbit = new OrbitClient(platform.settings().orbitUrl(), platform.dispatcherTokens(), null);
        String id = orbit.dispatch(new OrbitClient.Dispatch("axon", "reason", subject, tenant, "{}"));
        assertThat(orbit.await(id, Duration.ofSeconds(60)).path("status").asText()).isEqualTo("COMPLETED");
    }

    /** The KEK's key values as the Tink JSON holds them (base64) and as bytes. */
    private static List<byte[]> keyMaterial(Path kekFile) throws Exception {
        List<byte[]> material = new ArrayList<>();
        for (JsonNode key : JSON.readTree(Files.readString(kekFile)).path("key")) {
            String value = key.path("keyData").path("value").asText();
            assertThat(value).isNotEmpty();
            material.add(value.getBytes(StandardCharsets.US_ASCII));
            material.add(Base64.getDecoder().decode(value));
        }
        assertThat(material).isNotEmpty();
        return material;
    }

    private static long ledgerRecordsContaining(EmbeddedPlatform platform, String text) {
        Map<String, Object> props = new HashMap<>(platform.adminClientProperties());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        String topic = new Topics(platform.catalogue()).ledger();
        byte[] wanted = text.getBytes(StandardCharsets.UTF_8);
        long found = 0;
        long read = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream().map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                for (var record : consumer.poll(Duration.ofMillis(200))) {
                    read++;
                    if (io.govstream.cli.ledger.HeldInClear.contains(record.value(), wanted)) {
                        found++;
                    }
                }
            }
        }
        assertThat(read).as("ledger entries read").isGreaterThanOrEqualTo(2);
        return found;
    }
}
