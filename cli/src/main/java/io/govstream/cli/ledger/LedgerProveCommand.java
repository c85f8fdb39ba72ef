package io.govstream.cli.ledger;

import io.govstream.cli.client.ExitCodes;
import io.govstream.cli.client.GovctlCommand;
import io.govstream.events.LedgerCheckpoint;
import io.govstream.events.LedgerEntry;
import io.govstream.ledger.audit.LedgerAudit;
import io.govstream.ledger.checkpoint.CheckpointCosignatures;
import io.govstream.ledger.checkpoint.CheckpointRecord;
import io.govstream.ledger.checkpoint.CheckpointVerifier;
import io.govstream.ledger.proof.InclusionProof;
import io.govstream.ledger.proof.LedgerProver;
import io.govstream.ledger.proof.ProofChecker;
import io.govstream.ledger.proof.ProofJson;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "prove", mixinStandardHelpOptions = true,
        description = {"Print an inclusion proof of one ledger entry against the latest signed checkpoint covering it, as a",
                "JSON document (govstream-inclusion-proof-v2: the entry's hashed bytes, its RFC 6962 inclusion path and the",
                "checkpoint's C2SP signed note with any witness cosignatures) that 'govctl ledger check-proof' verifies offline,",
                "and that docs/ledger.md shows how to verify with no govstream code."},
        exitCodeList = {"0:proof printed", "1:error (no such entry, no checkpoint covers it yet, cannot read the ledger)"})
public final class LedgerProveCommand extends GovctlCommand {
    private static final Pattern POSITION = Pattern.compile("(\\d+):(\\d+)");

    @Mixin
    private LedgerOptions ledger;
    @Parameters(index = "0", paramLabel = "ID", description = "A correlation id, or a ledger position PARTITION:SEQUENCE.")
    private String id;
    @Option(names = "--out", paramLabel = "FILE", description = "Write the proof to FILE instead of standard output.")
    private Path outFile;
    @Option(names = "--key", paramLabel = "PUBKEY", description = "Public keyset to choose a validly signed checkpoint (default: the data dir's).")
    private Path key;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        LedgerCli cli = ledger.cli();
        CheckpointVerifier keys = LedgerCli.requirePublicKey(key, ledger.config().dataDir(),
                "no public key to choose a trusted checkpoint: pass --key FILE");
        List<CheckpointRecord> checkpoints = cli.readCheckpoints();
        Map<Integer, LedgerCheckpoint> latest = LedgerAudit.latestValid(checkpoints, keys, cli.ledgerTopic);
        // A position names its partition, so one pass over it finds the entry and reads the leaves; a correlation id is
        // looked for in every partition first.
        Matcher position = POSITION.matcher(id);
        Predicate<LedgerEntry> wanted;
        int partition;
        if (position.matches()) {
            partition = Integer.parseInt(position.group(1));
            long sequence = Long.parseLong(position.group(2));
            wanted = e -> e.getSequence() == sequence && e.getPartition() == partition;
        } else {
            // The correlation id travels as a header too; it is confirmed against the decoded entry.
            wanted = e -> id.equals(e.getEnvelope().getCorrelationId());
            partition = first(cli, null, wanted, () -> false).entry().getPartition();
        }
        LedgerCheckpoint checkpoint = latest.get(partition);
        long treeSize = checkpoint == null ? 0 : checkpoint.getTreeSize();
        LedgerProver prover = new LedgerProver(partition);
        Located located = first(cli, partition, e -> {
            if (prover.size() < treeSize) {
                prover.accept(e);
            }
            return wanted.test(e);
        }, () -> prover.size() < treeSize);
        if (checkpoint == null || treeSize <= located.entry().getSequence()) {
            throw new IllegalStateException("no signed checkpoint covers partition " + partition + " sequence "
                    + located.entry().getSequence() + " yet (latest covers " + treeSize + " entries); try again after the next checkpoint");
        }
        long checkpointOffset = checkpoints.stream().filter(r -> r.checkpoint().equals(checkpoint)).mapToLong(CheckpointRecord::offset)
                .findFirst().orElse(-1);
        // A witness writes its cosigned copy as another record: the proof carries every cosignature of this tree head.
        LedgerCheckpoint provenAgainst = CheckpointCosignatures.merged(checkpoint, checkpoints);
        InclusionProof proof = prover.prove(cli.ledgerTopic, located.entry(), located.offset(), provenAgainst, checkpointOffset);
        Optional<String> selfCheck = ProofChecker.check(proof, keys);
        if (selfCheck.isPresent()) {
            throw new IllegalStateException("the ledger does not support a proof for this entry: " + selfCheck.get()
                    + "; run 'govctl ledger verify'");
        }
        String json = ProofJson.write(proof);
        if (outFile == null) {
            out.print(json);
        } else {
            write(outFile, json);
            out.printf("inclusion proof of partition %d sequence %d in the tree of size %d (checkpoint signed by %s) written to %s%n",
                    proof.partition(), proof.leafIndex(), proof.treeSize(), checkpoint.getKeyId(), outFile);
        }
        return ExitCodes.OK;
    }

    private record Located(LedgerEntry entry, long offset) {
    }

    /**
     * The first entry of {@code partition} (null: of every partition) that {@code visit} answers true for. {@code visit}
     * sees the entries in order until then, and after it as long as {@code more} says so.
     */
    private Located first(LedgerCli cli, Integer partition, Predicate<LedgerEntry> visit, BooleanSupplier more) {
        Located[] found = {null};
        cli.ledgerReader().replay(partition == null ? null : Set.of(partition), Map.of(), r -> {
            if (found[0] == null || more.getAsBoolean()) {
                LedgerEntry e = cli.entry(r.value());
                if (visit.test(e) && found[0] == null) {
                    found[0] = new Located(e, r.offset());
                }
            }
        });
        if (found[0] == null) {
            throw new IllegalArgumentException("no ledger entry " + (partition == null ? "with correlation id " : "at ") + id
                    + " in " + cli.ledgerTopic);
        }
        return found[0];
    }
}
