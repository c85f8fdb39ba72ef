package io.govstream.cli.ledger;

import io.govstream.cli.client.DataDirOption;
import io.govstream.cli.client.ExitCodes;
import io.govstream.cli.client.GovctlCommand;
import io.govstream.events.CheckpointScope;
import io.govstream.events.LedgerCheckpoint;
import io.govstream.ledger.Bytes;
import io.govstream.ledger.checkpoint.CheckpointCosignatures;
import io.govstream.ledger.checkpoint.CheckpointRecord;
import io.govstream.ledger.checkpoint.CheckpointVerifier;
import io.govstream.ledger.checkpoint.NoteSigner;
import io.govstream.ledger.checkpoint.Witness;
import io.govstream.ledger.checkpoint.WitnessState;
import io.govstream.ledger.merkle.MerkleHash;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "witness", mixinStandardHelpOptions = true,
        description = {"Witness the ledger (C2SP tlog-cosignature v1): an auditor or a second site cosigns each partition's",
                "latest checkpoint, but only if it is consistent with the last one it cosigned. 'ledger verify --witness-key'",
                "and 'ledger check-proof --witness-key' then require a quorum of such cosignatures."},
        subcommands = {LedgerWitnessCommand.Keygen.class, LedgerWitnessCommand.Vkey.class, LedgerWitnessCommand.Cosign.class})
public final class LedgerWitnessCommand {

    @Command(name = "keygen", mixinStandardHelpOptions = true,
            description = {"Create a witness key: the private key goes to --out (mode 0600, the Go note key format), the",
                    "verifier key (vkey, type 0x04) is printed: give it to whoever verifies with --witness-key."},
            exitCodeList = {"0:key written", "1:error (the file exists, bad name)"})
    static final class Keygen extends GovctlCommand {
        @Mixin
        private DataDirOption dataDir;
        @Option(names = "--name", required = true, paramLabel = "NAME",
                description = "The witness's name, a schema-less URL that identifies it, e.g. auditor.example.com/witness (no spaces, no '+').")
        private String name;
        @Option(names = "--out", paramLabel = "FILE", description = "Where to write the private key (default: <data dir>/witness/witness.key).")
        private Path out;

        @Override
        public Integer call() {
            Path file = out != null ? out : dataDir.dataDir().resolve("witness/witness.key");
            NoteSigner key = Witness.generateKey(name, file);
            spec.commandLine().getOut().println(key.cosignatureKey().vkey());
            spec.commandLine().getErr().println("witness key written to " + file + " (owner-only); the line above is its verifier key");
            return ExitCodes.OK;
        }
    }

    @Command(name = "vkey", mixinStandardHelpOptions = true, description = "Print the verifier key (vkey, type 0x04) of a witness key file.",
            exitCodeList = {"0:printed", "1:error (no key, or others can read it)"})
    static final class Vkey extends GovctlCommand {
        @Option(names = "--key", required = true, paramLabel = "FILE", description = "The witness's private key file.")
        private Path key;

        @Override
        public Integer call() {
            spec.commandLine().getOut().println(Witness.loadKey(key).cosignatureKey().vkey());
            return ExitCodes.OK;
        }
    }

    @Command(name = "cosign", mixinStandardHelpOptions = true,
            description = {"Read the checkpoints topic, take each partition's latest checkpoint whose note the ledger's key signed,",
                    "build the RFC 6962 consistency proof from the last tree this witness cosigned (its --state) to it from the",
                    "ledger's entries, and if it holds, append this witness's cosignature to the note and write the cosigned",
                    "checkpoint back to the checkpoints topic. Refuses, naming partition and reason, a checkpoint that is not",
                    "consistent, is smaller than, or has another root at the same size as what it cosigned before."},
            exitCodeList = {"0:every partition cosigned or unchanged", "1:error", "6:a checkpoint was refused (the reason is printed)"})
    static final class Cosign extends GovctlCommand {
        @Mixin
        private LedgerOptions ledger;
        @Option(names = "--key", required = true, paramLabel = "FILE", description = "The witness's private key file (owner-only).")
        private Path key;
        @Option(names = "--state", paramLabel = "FILE",
                description = "What this witness cosigned last, per partition (default: <key file>.state.json). Keep it with the key.")
        private Path state;
        @Option(names = "--log-key", paramLabel = "PUBKEY",
                description = "The ledger's public keyset, Tink JSON (default: <data dir>/ledger-signing.pub.json).")
        private Path logKey;
        @Option(names = "--log-vkey", paramLabel = "VKEY",
                description = "Instead of --log-key: the ledger's published verifier key ('ledger checkpoint --show-vkey'). Repeatable.")
        private List<String> logVkeys = new ArrayList<>();

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            NoteSigner witnessKey = Witness.loadKey(key);
            Path stateFile = state != null ? state : key.resolveSibling(key.getFileName() + ".state.json");
            Witness witness = new Witness(witnessKey, WitnessState.load(stateFile, witnessKey.cosignatureKey()));
            CheckpointVerifier logKeys = LedgerCli.ledgerKey(spec.commandLine(), logKey, logVkeys, ledger.config().dataDir(),
                    "give either --log-key or --log-vkey, not both",
                    "no ledger key to check the checkpoints with: pass --log-key PUBKEY or --log-vkey VKEY");
            LedgerCli cli = ledger.cli();
            List<CheckpointRecord> records = cli.readCheckpoints();
            Map<Integer, LedgerCheckpoint> latest = latestSignedNotes(records, cli.ledgerTopic, logKeys);
            if (latest.isEmpty()) {
                out.println("no checkpoint of " + cli.ledgerTopic + " carries a note the ledger's key signed: nothing to cosign");
                return ExitCodes.OK;
            }
            long now = Instant.now().getEpochSecond();
            int refused = 0;
            try (KafkaProducer<String, byte[]> producer = cli.producer()) {
                for (LedgerCheckpoint checkpoint : latest.values()) {
                    LedgerCheckpoint merged = CheckpointCosignatures.merged(checkpoint, records);
                    Witness.Outcome outcome = witness.cosign(merged.getNote(), logKeys, (t, p, from, to) -> leafHashes(cli, p, from, to), now);
                    int partition = checkpoint.getPartition();
                    if (outcome instanceof Witness.Cosigned c) {
                        LedgerCheckpoint cosigned = LedgerCheckpoint.newBuilder(merged).setNote(c.note()).build();
                        long offset = producer.send(new ProducerRecord<>(cli.checkpointsTopic, Integer.toString(partition),
                                cli.checkpoints.encode(cli.checkpointsTopic, cosigned))).get().offset();
                        out.printf("partition %d: cosigned the checkpoint of size %d (%s), written to %s offset %d%n", partition, c.size(),
                                c.previousSize() == c.size() ? "cosigned again: the earlier cosignature was not published"
                                        : c.previousSize() == 0 ? "first cosignature of " + c.origin()
                                        : "consistent with size " + c.previousSize() + " cosigned before", cli.checkpointsTopic, offset);
                    } else if (outcome instanceof Witness.Unchanged u) {
                        out.printf("partition %d: already cosigned at size %d%n", partition, u.size());
                    } else if (outcome instanceof Witness.Refused r) {
                        refused++;
                        out.printf("partition %d: REFUSED the checkpoint of size %d: %s%n", partition, checkpoint.getTreeSize(), r.reason());
                    }
                }
            }
            out.println("witness " + witnessKey.cosignatureKey().id() + ", state " + stateFile);
            return refused == 0 ? ExitCodes.OK : ExitCodes.LEDGER_INVALID;
        }

        /** Per partition, the last-read PARTITION checkpoint of the largest size whose note the ledger's key signed. */
        private static Map<Integer, LedgerCheckpoint> latestSignedNotes(List<CheckpointRecord> records, String ledgerTopic, CheckpointVerifier logKeys) {
            Map<Integer, LedgerCheckpoint> latest = new TreeMap<>();
            for (CheckpointRecord r : records) {
                LedgerCheckpoint cp = r.checkpoint();
                if (cp.getScope() == CheckpointScope.PARTITION && cp.getNote() != null && ledgerTopic.equals(cp.getLedgerTopic())
                        && logKeys.checkNote(cp.getNote(), ledgerTopic, cp.getPartition(), cp.getTreeSize(), Bytes.of(cp.getRootHash())).isEmpty()) {
                    latest.merge(cp.getPartition(), cp, (current, read) -> read.getTreeSize() >= current.getTreeSize() ? read : current);
                }
            }
            return latest;
        }

        /** Leaf hashes of the entries of sequences [from, to) of a partition, in order; stops short if the ledger does. */
        private static List<byte[]> leafHashes(LedgerCli cli, int partition, long from, long to) {
            List<byte[]> leaves = new ArrayList<>();
            cli.ledgerStore().replay(partition, from, e -> {
                if (e.getPartition() == partition && e.getSequence() == from + leaves.size() && e.getSequence() < to) {
                    leaves.add(MerkleHash.leaf(Bytes.of(e.getHash())));
                }
            });
            return leaves;
        }
    }
}
