package io.govstream.cli.ledger;

import io.govstream.cli.client.ExitCodes;
import io.govstream.cli.client.GovctlCommand;
import io.govstream.events.LedgerCheckpoint;
import io.govstream.ledger.Bytes;
import io.govstream.ledger.checkpoint.CheckpointSigner;
import io.govstream.ledger.checkpoint.CheckpointVerifier;
import io.govstream.ledger.checkpoint.Checkpoints;
import io.govstream.ledger.checkpoint.NoteVerifierKey;
import io.govstream.ledger.checkpoint.SigningKeys;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "checkpoint", mixinStandardHelpOptions = true,
        description = {"Verify the whole ledger, then sign and publish a COMBINED checkpoint that ties every partition's",
                "latest verified checkpoint (size and Merkle root) together. Run it periodically (a cron job / Kubernetes",
                "CronJob). It writes only to the checkpoints topic, never to the ledger: each partition keeps one writer.",
                "With --show-vkey: print the verifier keys of the ledger's checkpoint notes instead."},
        exitCodeList = {"0:combined checkpoint published", "1:error", "6:ledger failed verification (nothing published)"})
public final class LedgerCheckpointCommand extends GovctlCommand {
    @Mixin
    private LedgerOptions ledger;
    @Option(names = "--signing-key", paramLabel = "FILE",
            description = "Private signing keyset, Tink JSON (default: <data dir>/" + SigningKeys.PRIVATE_FILE + ").")
    private Path signingKey;
    @Option(names = "--key", paramLabel = "PUBKEY", description = "Public keyset partition checkpoints are checked with (default: the signer's).")
    private Path key;
    @Option(names = "--show-vkey",
            description = {"Print the verifier keys (C2SP vkeys, one per key of the public keyset, --key or the data dir's) that verify",
                    "the ledger's checkpoint notes, and exit: what auditors and witnesses configure. Needs no cluster."})
    private boolean showVkey;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (showVkey) {
            return showVkeys(out);
        }
        Path privateFile = signingKey != null ? signingKey : SigningKeys.privateKeyFile(ledger.config().dataDir());
        if (!Files.exists(privateFile)) {
            throw new IllegalArgumentException("no signing key at " + privateFile + ": pass --signing-key FILE");
        }
        CheckpointSigner signer = SigningKeys.signer(privateFile);
        CheckpointVerifier keys = key != null ? SigningKeys.verifier(key) : signer.verifier();
        LedgerCli cli = ledger.cli();
        LedgerVerifyCommand.Outcome outcome = LedgerVerifyCommand.run(cli, keys, out, null);
        if (!outcome.result().report().isClean()) {
            out.println("no combined checkpoint: the ledger does not verify");
            return ExitCodes.LEDGER_INVALID;
        }
        List<LedgerCheckpoint> latest = outcome.result().report().partitions().keySet().stream()
                .map(partition -> outcome.result().latestVerified(partition).orElseThrow(() -> new IllegalStateException(
                        "partition " + partition + " has no verified checkpoint yet; wait for the appender's next one"))).toList();
        if (latest.isEmpty()) {
            throw new IllegalStateException("the ledger is empty: nothing to checkpoint");
        }
        LedgerCheckpoint combined = signer.sign(Checkpoints.combined(cli.ledgerTopic, latest, Instant.now(), "govctl"));
        RecordMetadata written;
        try (KafkaProducer<String, byte[]> producer = cli.producer()) {
            written = producer.send(new ProducerRecord<>(cli.checkpointsTopic, "combined",
                    cli.checkpoints.encode(cli.checkpointsTopic, combined))).get();
        }
        out.printf("combined checkpoint of %d partitions (%d entries), root %s, signed by %s, at %s offset %d%n", latest.size(),
                combined.getTreeSize(), HexFormat.of().formatHex(Bytes.of(combined.getRootHash())), combined.getKeyId(),
                cli.checkpointsTopic, written.offset());
        return ExitCodes.OK;
    }

    private int showVkeys(PrintWriter out) {
        String ledgerTopic = ledger.ledgerTopic();
        CheckpointVerifier keys = LedgerCli.publicKey(key, ledger.config().dataDir());
        if (keys == null) {
            Path privateFile = signingKey != null ? signingKey : SigningKeys.privateKeyFile(ledger.config().dataDir());
            if (!Files.exists(privateFile)) {
                throw new IllegalArgumentException("no public key (--key PUBKEY) and no signing key at " + privateFile);
            }
            keys = SigningKeys.signer(privateFile).verifier();
        }
        List<NoteVerifierKey> vkeys = keys.noteKeys(ledgerTopic);
        if (vkeys.isEmpty()) {
            throw new IllegalArgumentException("the keyset holds no Ed25519 key: its checkpoints carry no notes");
        }
        vkeys.forEach(k -> out.println(k.vkey()));
        return ExitCodes.OK;
    }
}
