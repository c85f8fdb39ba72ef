package io.govstream.cli.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.govstream.cli.client.ExitCodes;
import io.govstream.cli.GovctlRun;
import io.govstream.cli.OnSharedPlatform;
import io.govstream.cli.Unique;
import io.govstream.cli.dispatch.OrbitClient;
import io.govstream.cli.platform.EmbeddedPlatform;
import io.govstream.ledger.checkpoint.NoteVerifierKey;
import io.govstream.ledger.checkpoint.SignedNote;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two witnesses on the embedded platform, through govctl as an auditor runs it: keys, cosigning the
 * cluster's checkpoints (written back to the checkpoints topic), verify and check-proof requiring
 * their quorum, and a witness refusing a checkpoint smaller than what it cosigned before.
 */
@Timeout(300)
@OnSharedPlatform
class LedgerWitnessIT {
    @TempDir
    Path work;
    private Path dataDir;

    @Test
    void givenTwoWitnesses_whenTheyCosign_thenVerifyAndCheckProofMeetTheirQuorum_andAThirdMissingWitnessFailsIt(EmbeddedPlatform platform)
            throws Exception {
        dataDir = platform.settings().dataDir();
        String id = dispatch(platform);
        Path alice = work.resolve("alice.key");
        Path bob = work.resolve("bob.key");
        String aliceVkey = keygen("alice.example/witness", alice);
        String bobVkey = keygen("bob.example/witness", bob);
        String carolVkey = keygen("carol.example/witness", work.resolve("carol.key"));
        assertThat(NoteVerifierKey.parse(aliceVkey).type()).isEqualTo(NoteVerifierKey.COSIGNATURE_V1);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(alice))).isEqualTo("rw-------");

        // Once a checkpoint covers the decision (every 10 s), both witnesses cosign; the proof then carries both cosignatures.
        AtomicInteger round = new AtomicInteger();
        GovctlRun[] cosigned = new GovctlRun[2];
        Path proof = work.resolve("proof.json");
        Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
            // Witnesses and auditors run with their own principals, not the admin's.
            cosigned[0] = govctl("ledger", "witness", "cosign", "--key", alice.toString(), "--config", witnessConfig().toString());
            cosigned[1] = govctl("ledger", "witness", "cosign", "--key", bob.toString(), "--config", witnessConfig().toString());
            GovctlRun prove = govctl("ledger", "prove", id, "--out", work.resolve("proof-" + round.incrementAndGet() + ".json").toString(),
                    "--config", auditorConfig().toString());
            assertThat(cosigned[0].code()).as(cosigned[0].printed()).isZero();
            assertThat(cosigned[1].code()).as(cosigned[1].printed()).isZero();
            assertThat(prove.code()).as(prove.printed()).isZero();
            Files.copy(work.resolve("proof-" + round.get() + ".json"), proof, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            GovctlRun checked = govctl("ledger", "check-proof", proof.toString(), "--witness-key", aliceVkey, "--witness-key", bobVkey);
            assertThat(checked.code()).as(checked.printed()).isZero();
        });
        assertThat(cosigned[0].out()).contains("cosigned the checkpoint of size").contains("written to governance.ledger.checkpoints offset");

        GovctlRun check = govctl("ledger", "check-proof", proof.toString(), "--witness-key", aliceVkey, "--witness-key", bobVkey);
        assertThat(check.out()).contains("proof holds").contains("cosigned by 2 of 2 trusted witnesses (quorum 2): alice.example/witness, bob.example/witness");
        JsonNode document = new com.fasterxml.jackson.databind.ObjectMapper().readTree(Files.readString(proof));
        assertThat(SignedNote.parse(document.path("checkpoint").asText()).signatures()).extracting(SignedNote.Signature::name)
                .contains("govstream/governance.ledger", "alice.example/witness", "bob.example/witness");
        // The same entry asked for by its ledger position (PARTITION:SEQUENCE) instead of its correlation id.
        String position = document.path("partition").asInt() + ":" + document.path("leafIndex").asLong();
        GovctlRun byPosition = govctl("ledger", "prove", position, "--config", auditorConfig().toString());
        assertThat(byPosition.code()).as(byPosition.printed()).isZero();
        JsonNode positioned = new com.fasterxml.jackson.databind.ObjectMapper().readTree(byPosition.out());
        assertThat(positioned.path("leaf")).isEqualTo(document.path("leaf"));
        assertThat(positioned.path("leafIndex").asLong()).isEqualTo(document.path("leafIndex").asLong());
        // Nothing there: a position past the partition's end, a correlation id no entry has.
        String past = document.path("partition").asInt() + ":999999999";
        GovctlRun nothingAt = govctl("ledger", "prove", past, "--config", auditorConfig().toString());
        assertThat(nothingAt.code()).as(nothingAt.printed()).isEqualTo(1);
        assertThat(nothingAt.err()).contains("no ledger entry at " + past + " in governance.ledger");
        GovctlRun nothingWith = govctl("ledger", "prove", "no-such-correlation-id", "--config", auditorConfig().toString());
        assertThat(nothingWith.code()).as(nothingWith.printed()).isEqualTo(1);
        assertThat(nothingWith.err()).contains("no ledger entry with correlation id no-such-correlation-id in governance.ledger");

        GovctlRun quorum = govctl("ledger", "verify", "--witness-key", aliceVkey, "--witness-key", bobVkey, "--witness-quorum", "2",
                "--config", auditorConfig().toString());
        assertThat(quorum.code()).as(quorum.printed()).isZero();
        // What a witness's credentials cannot do: write the ledger, or read anything but the ledger and its checkpoints.
        Map<String, Object> witness = new java.util.HashMap<>(io.govstream.cli.client.ClientFiles.read(witnessConfig()));
        witness.keySet().removeIf(k -> k.startsWith("schema.registry") || k.startsWith("auto.register"));
        witness.put("max.block.ms", 5_000);
        try (var producer = new org.apache.kafka.clients.producer.KafkaProducer<>(witness, new org.apache.kafka.common.serialization.StringSerializer(),
                new org.apache.kafka.common.serialization.StringSerializer())) {
            String ledger = new io.govstream.topology.Topics(platform.catalogue()).ledger();
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(
                    ledger, "forged", "entry")).get())
                    .hasCauseInstanceOf(org.apache.kafka.common.errors.TopicAuthorizationException.class);
        }
        GovctlRun export = govctl("ledger", "access", "someone@example.com", "--config", auditorConfig().toString());
        assertThat(export.code()).as("an auditor cannot read the keys topic: " + export.printed()).isNotZero();
        assertThat(quorum.out()).contains("witnessed at size").contains("by alice.example/witness, bob.example/witness");

        // A third trusted witness that never cosigned: with the default quorum (all three) every partition with entries fails, named.
        GovctlRun three = govctl("ledger", "verify", "--witness-key", aliceVkey, "--witness-key", bobVkey, "--witness-key", carolVkey);
        assertThat(three.code()).as(three.printed()).isEqualTo(ExitCodes.LEDGER_INVALID);
        assertThat(three.out()).contains("CHECKPOINT_UNWITNESSED").containsPattern("partition \\d+, offset \\d+: CHECKPOINT_UNWITNESSED")
                .contains("cosigned by 2 of the 3 trusted witnesses (alice.example/witness, bob.example/witness), quorum 3");
        GovctlRun proofOfThree = govctl("ledger", "check-proof", proof.toString(), "--witness-key", aliceVkey, "--witness-key", bobVkey,
                "--witness-key", carolVkey);
        assertThat(proofOfThree.code()).isEqualTo(ExitCodes.LEDGER_INVALID);
        assertThat(proofOfThree.out()).contains("PROOF INVALID: the checkpoint is cosigned by 2 of the 3 trusted witnesses");
    }

    @Test
    void givenAWitnessThatCosignedALargerTree_whenShownTheClustersCheckpoints_thenItRefusesNamingThePartition(EmbeddedPlatform platform)
            throws Exception {
        dataDir = platform.settings().dataDir();
        dispatch(platform); // so that the ledger has a checkpoint to cosign, whichever test runs first
        Path key = work.resolve("dave.key");
        keygen("dave.example/witness", key);
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(2))
                .until(() -> govctl("ledger", "witness", "cosign", "--key", key.toString()).out().contains("cosigned the checkpoint of size"));
        // Its state now says it once cosigned a tree of 2^20 entries for every origin (a well-formed state: one perfect subtree).
        Path state = work.resolve("dave.key.state.json");
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        com.fasterxml.jackson.databind.node.ObjectNode root = (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(state.toFile());
        String hash = java.util.Base64.getEncoder().encodeToString(new byte[32]);
        List<String> origins = new ArrayList<>();
        root.get("origins").fieldNames().forEachRemaining(origins::add);
        for (String origin : origins) {
            com.fasterxml.jackson.databind.node.ObjectNode o = (com.fasterxml.jackson.databind.node.ObjectNode) root.get("origins").get(origin);
            o.put("size", 1 << 20).put("root", hash);
            o.putArray("frontier").add(hash);
        }
        json.writeValue(state.toFile(), root);

        GovctlRun run = govctl("ledger", "witness", "cosign", "--key", key.toString());

        assertThat(run.code()).as(run.printed()).isEqualTo(ExitCodes.LEDGER_INVALID);
        assertThat(run.out()).containsPattern("partition \\d+: REFUSED the checkpoint of size \\d+: tree size \\d+ is smaller than the size 1048576"
                + " this witness already cosigned: the log went back");
        assertThat(Files.readString(state)).as("a refusal leaves the state as it was").contains("1048576");
    }

    @Test
    void givenAWitnessKeyOthersCanRead_whenCosigning_thenRefusedWithTheChmodToRun(EmbeddedPlatform platform) throws Exception {
        dataDir = platform.settings().dataDir();
        Path key = work.resolve("eve.key");
        keygen("eve.example/witness", key);
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));

        GovctlRun run = govctl("ledger", "witness", "cosign", "--key", key.toString());

        assertThat(run.code()).isEqualTo(ExitCodes.FAILURE);
        assertThat(run.err()).contains("has mode rw-r--r--").contains("chmod 600 " + key);
    }

    private static String dispatch(EmbeddedPlatform platform) throws Exception {
        return new OrbitClient(platform.settings().orbitUrl(), platform.dispatcherTokens(), null)
                .dispatch(new OrbitClient.Dispatch("axon", "reason", Unique.name("witnessed") + "@example.com", Unique.name("acme"), "{}"));
    }

    private String keygen(String name, Path file) {
        GovctlRun run = govctl("ledger", "witness", "keygen", "--name", name, "--out", file.toString());
        assertThat(run.code()).as(run.printed()).isZero();
        return run.out().strip();
    }

    private Path witnessConfig() {
        return dataDir.resolve(io.govstream.cli.client.ClientFiles.WITNESS_PRINCIPAL + ".properties");
    }

    private Path auditorConfig() {
        return dataDir.resolve(io.govstream.cli.client.ClientFiles.AUDITOR_PRINCIPAL + ".properties");
    }

    private GovctlRun govctl(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--data-dir");
        all.add(dataDir.toString());
        return GovctlRun.of(all.toArray(String[]::new));
    }
}
