package io.govstream.cli.ledger;

import io.govstream.cli.client.DataDirOption;
import io.govstream.cli.client.ExitCodes;
import io.govstream.cli.client.GovctlCommand;
import io.govstream.events.LedgerEntry;
import io.govstream.ledger.BoundedText;
import io.govstream.ledger.checkpoint.CheckpointVerifier;
import io.govstream.ledger.checkpoint.NoteVerifierKey;
import io.govstream.ledger.checkpoint.WitnessPolicy;
import io.govstream.ledger.pack.PackVerifier;
import io.govstream.ledger.proof.CheckedProof;
import io.govstream.ledger.proof.ProofChecker;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "check-proof", mixinStandardHelpOptions = true,
        description = {"Verify an inclusion proof from 'govctl ledger prove' offline, with no cluster: the entry's hashed bytes,",
                "its inclusion path to the checkpoint's Merkle root, the checkpoint's signature (a C2SP signed note) and, with",
                "--witness-key, its witness cosignatures. Everything printed is derived from the verified bytes; a proof whose",
                "readable copies disagree with them is rejected, naming the field. Also reads the first proof format (v1)."},
        exitCodeList = {"0:proof holds", "1:error (unreadable file or key)", "6:proof does not hold (the reason is printed)"})
public final class LedgerCheckProofCommand extends GovctlCommand {
    @Mixin
    private DataDirOption dataDir;
    @Parameters(index = "0", paramLabel = "FILE", description = "The proof document (JSON), or an evidence pack (directory or .zip).")
    private Path file;
    @Option(names = "--key", paramLabel = "PUBKEY",
            description = "The signer's public keyset, Tink JSON (default: <data dir>/ledger-signing.pub.json).")
    private Path key;
    @Option(names = "--vkey", paramLabel = "VKEY",
            description = {"Instead of --key: the ledger's verifier key as published ('govctl ledger checkpoint --show-vkey'),",
                    "<name>+<hash>+<base64 key>. Repeatable (rotated keys). Checks proofs of the current format only."})
    private List<String> vkeys = new ArrayList<>();
    @Option(names = "--witness-key", paramLabel = "VKEY",
            description = "A trusted witness's cosignature verifier key (type 0x04, from 'govctl ledger witness keygen'). Repeatable.")
    private List<String> witnessKeys = new ArrayList<>();
    @Option(names = "--witness-quorum", paramLabel = "N",
            description = "How many of the --witness-key witnesses must have cosigned the proof's checkpoint (default: all of them).")
    private Integer witnessQuorum;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        CheckpointVerifier keys = LedgerCli.ledgerKey(spec.commandLine(), key, vkeys, dataDir.dataDir(),
                "give either --key or --vkey, not both", "no public key: pass --key PUBKEY or --vkey VKEY");
        WitnessPolicy witnesses = LedgerCli.witnessPolicy(spec.commandLine(), witnessKeys, witnessQuorum);
        if (!Files.exists(file)) {
            throw new IllegalArgumentException("no proof file " + file);
        }
        if (Files.isDirectory(file) || file.getFileName().toString().endsWith(".zip")) {
            if (witnesses != null) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--witness-key applies to a proof file, not to an evidence pack");
            }
            // An evidence pack: every proof in it, plus its manifest and checkpoints (as 'audit verify-pack').
            PackVerifier.Result pack = PackVerifier.verify(file, keys);
            if (pack.holds()) {
                out.printf("pack holds: %d entries, %d inclusion proofs, %d checkpoints%n", pack.entries(), pack.proofs(), pack.checkpoints());
            } else {
                out.println("PACK DOES NOT HOLD:");
                pack.problems().forEach(p -> out.println("  " + p));
            }
            return pack.holds() ? ExitCodes.OK : ExitCodes.LEDGER_INVALID;
        }
        ProofChecker.Outcome outcome = ProofChecker.verify(BoundedText.read(file, "proof file"), keys, witnesses);
        if (!outcome.holds()) {
            out.println("PROOF INVALID: " + outcome.problem());
            return ExitCodes.LEDGER_INVALID;
        }
        // Every value below comes from the verified bytes, never from the document's readable copies or hints.
        CheckedProof p = outcome.proof();
        LedgerEntry e = p.entry();
        out.printf("proof holds: entry %s (partition %d, sequence %d, correlation id %s, tenant %s, %s %s, %s)%n",
                e.getEnvelope().getEventId(), p.partition(), p.leafIndex(), e.getEnvelope().getCorrelationId(), e.getEnvelope().getTenant(),
                e.getKind(), e.getSubjectKey(), e.getPayloadType());
        out.printf("  appended at %s, entry hash %s%n", e.getEnvelope().getOccurredAt(), HexFormat.of().formatHex(io.govstream.ledger.Bytes.of(e.getHash())));
        out.printf("  is leaf %d of the %d-entry tree of %s partition %d, root %s,%n", p.leafIndex(), p.treeSize(), p.ledgerTopic(),
                p.partition(), HexFormat.of().formatHex(p.rootHash()));
        out.printf("  signed by key %s%s%n", p.signedBy(), p.issuedAt() == null ? " (checkpoint " + p.origin() + ")" : " at " + p.issuedAt());
        if (witnesses != null) {
            out.printf("  cosigned by %d of %d trusted witnesses (quorum %d): %s%n", p.cosignedBy().size(), witnesses.keys().size(),
                    witnesses.quorum(), p.cosignedBy().stream().map(NoteVerifierKey::name).collect(Collectors.joining(", ")));
        }
        return ExitCodes.OK;
    }
}
