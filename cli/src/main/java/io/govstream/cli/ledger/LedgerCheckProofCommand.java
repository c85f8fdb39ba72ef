package io.govstream.cli.ledger;

import io.govstream.cli.DataDirOption;
import io.govstream.cli.ExitCodes;
import io.govstream.ledger.checkpoint.CheckpointVerifier;
import io.govstream.ledger.pack.PackVerifier;
import io.govstream.ledger.proof.InclusionProof;
import io.govstream.ledger.proof.ProofChecker;
import io.govstream.ledger.proof.ProofJson;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "check-proof", mixinStandardHelpOptions = true,
        description = {"Verify an inclusion proof from 'govctl ledger prove' offline, with no cluster: the entry's hashes,",
                "its audit path to the checkpoint's Merkle root, and the checkpoint's Ed25519 signature."},
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:proof holds", "1:error (unreadable file or key)", "6:proof does not hold (the reason is printed)"})
public final class LedgerCheckProofCommand implements Callable<Integer> {
    @Mixin
    private DataDirOption dataDir;
    @Parameters(index = "0", paramLabel = "FILE", description = "The proof document (JSON), or an evidence pack (directory or .zip).")
    private Path file;
    @Option(names = "--key", paramLabel = "PUBKEY",
            description = "The signer's public keyset, Tink JSON (default: <data dir>/ledger-signing.pub.json).")
    private Path key;
    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        CheckpointVerifier keys = LedgerCli.publicKey(key, dataDir.dataDir());
        if (keys == null) {
            throw new IllegalArgumentException("no public key: pass --key PUBKEY");
        }
        if (!Files.exists(file)) {
            throw new IllegalArgumentException("no proof file " + file);
        }
        if (Files.isDirectory(file) || file.getFileName().toString().endsWith(".zip")) {
            // An evidence pack: every proof in it, plus its manifest and checkpoints (as 'audit verify-pack').
            PackVerifier.Result pack = PackVerifier.verify(file, keys);
            if (pack.holds()) {
                out.printf("pack holds: %d entries, %d inclusion proofs, %d checkpoints%n", pack.entries(), pack.proofs(), pack.checkpoints());
            } else {
                out.println("PACK DOES NOT HOLD:");
                pack.problems().forEach(p -> out.println("  " + p));
            }
            out.flush();
            return pack.holds() ? ExitCodes.OK : ExitCodes.LEDGER_INVALID;
        }
        InclusionProof proof;
        try {
            proof = ProofJson.read(Files.readString(file));
        } catch (IllegalArgumentException e) {
            out.println("PROOF INVALID: " + e.getMessage());
            out.flush();
            return ExitCodes.LEDGER_INVALID;
        }
        Optional<String> problem = ProofChecker.check(proof, keys);
        if (problem.isPresent()) {
            out.println("PROOF INVALID: " + problem.get());
        } else {
            out.printf("proof holds: entry %s (partition %d, sequence %d, correlation id %s) is leaf %d of the %d-entry tree of %s,%n"
                            + "  root %s, signed by key %s at %s%n",
                    proof.entry().getEnvelope().getEventId(), proof.partition(), proof.leafIndex(),
                    proof.entry().getEnvelope().getCorrelationId(), proof.leafIndex(), proof.treeSize(), proof.ledgerTopic(),
                    java.util.HexFormat.of().formatHex(io.govstream.ledger.Bytes.of(proof.checkpoint().getRootHash())),
                    proof.checkpoint().getKeyId(), proof.checkpoint().getIssuedAt());
        }
        out.flush();
        return problem.isPresent() ? ExitCodes.LEDGER_INVALID : ExitCodes.OK;
    }
}
