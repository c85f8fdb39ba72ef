package io.govstream.ledger.proof;

import static io.govstream.ledger.checkpoint.CheckpointFixtures.LEDGER;
import static io.govstream.ledger.checkpoint.CheckpointFixtures.SIGNER;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.govstream.events.LedgerCheckpoint;
import io.govstream.events.LedgerEntry;
import io.govstream.ledger.checkpoint.CheckpointFixtures;
import io.govstream.ledger.checkpoint.NoteSigner;
import io.govstream.ledger.checkpoint.SignedNote;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bash verification of a proof that docs/ledger.md shows ("Verifying a proof with no govstream
 * code"), run as written against proofs from our prover: it accepts an intact one with its
 * cosignature and rejects tampered ones, so the documented steps stay true.
 */
class DocumentedProofScriptTest {
    private static final String MARKER = "<!-- verify-proof.sh -->";
    @TempDir
    Path dir;
    private Path script;
    private String proof;
    private NoteSigner witness;

    @BeforeEach
    void givenTheScriptFromTheDocsAndACosignedProof() throws Exception {
        for (String tool : List.of("bash", "jq", "xxd", "openssl", "sha256sum", "base64")) {
            Assumptions.assumeTrue(onPath(tool), tool + " is needed to run the documented script");
        }
        String doc = Files.readString(Path.of("..", "docs", "ledger.md"));
        int at = doc.indexOf(MARKER);
        assertThat(at).as("docs/ledger.md keeps the script after " + MARKER).isPositive();
        int start = doc.indexOf("```bash\n", at) + "```bash\n".length();
        script = Files.writeString(dir.resolve("verify-proof.sh"), doc.substring(start, doc.indexOf("\n```", start) + 1));

        List<LedgerEntry> chain = CheckpointFixtures.chain(1, 13, "doc");
        LedgerCheckpoint checkpoint = CheckpointFixtures.signedAt(chain, 13, SIGNER);
        witness = NoteSigner.generate("auditor.example/witness");
        SignedNote note = SignedNote.parse(checkpoint.getNote());
        checkpoint.setNote(note.with(witness.cosign(note.text(), 1_767_225_600L)).format());
        LedgerProver prover = new LedgerProver(1);
        chain.forEach(prover::accept);
        proof = ProofJson.write(prover.prove(LEDGER, chain.get(5), 77, checkpoint, 3));
    }

    @Test
    void givenAnIntactCosignedProof_whenTheDocumentedScriptRuns_thenItProvesTheEntryAndTheCosignature() throws Exception {
        Run run = run(proof, true);

        assertThat(run.exit).as(run.output).isZero();
        assertThat(run.output).contains("cosigned by auditor.example/witness at 2026-01-01T00:00:00Z")
                .contains("OK: entry 5 of govstream/governance.ledger/1 (tenant acme, DECISION doc-1-5, io.govstream.events.GovernanceDecision")
                .contains("signed by " + SIGNER.noteSigner(LEDGER).verifierKey().id());
    }

    @Test
    void givenTamperedProofs_whenTheDocumentedScriptRuns_thenEachFails() throws Exception {
        String path0 = ProofTamperTest.tree(proof).get("inclusionPath").get(0).asText();
        com.fasterxml.jackson.databind.node.ArrayNode flipped = (com.fasterxml.jackson.databind.node.ArrayNode) ProofTamperTest.tree(proof)
                .get("inclusionPath");
        flipped.set(0, TextNode.valueOf(ProofTamperTest.flipFirstHexDigit(path0)));
        String note = ProofTamperTest.field(proof, "checkpoint");
        Map<String, String> tampered = Map.of(
                "path element", ProofTamperTest.edit(proof, "inclusionPath", flipped),
                "note size", ProofTamperTest.edit(ProofTamperTest.edit(proof, "checkpoint", TextNode.valueOf(note.replace("\n13\n", "\n14\n"))),
                        "treeSize", LongNode.valueOf(14)),
                "payload", ProofTamperTest.edit(proof, "leaf.payload", TextNode.valueOf("AAAA")),
                "leaf index", ProofTamperTest.edit(proof, "leafIndex", LongNode.valueOf(6)));
        for (var entry : tampered.entrySet()) {
            Run run = run(entry.getValue(), false);

            assertThat(run.exit).as(entry.getKey() + ": " + run.output).isNotZero();
            assertThat(run.output).as(entry.getKey()).contains("FAIL: ");
        }
        Run forgedCosignature = run(ProofTamperTest.edit(proof, "checkpoint", TextNode.valueOf(
                note.substring(0, note.length() - 6) + (note.charAt(note.length() - 6) == 'A' ? 'B' : 'A') + note.substring(note.length() - 5))), true);
        assertThat(forgedCosignature.exit).as(forgedCosignature.output).isNotZero();
        assertThat(forgedCosignature.output).contains("FAIL: Ed25519 signature over cosigned.txt");
    }

    private record Run(int exit, String output) {
    }

    private Run run(String document, boolean withWitness) throws IOException, InterruptedException {
        Path work = Files.createTempDirectory(dir, "run");
        Path file = Files.writeString(work.resolve("proof.json"), document);
        ProcessBuilder pb = new ProcessBuilder("bash", script.toString()).directory(work.toFile()).redirectErrorStream(true);
        pb.environment().put("PROOF", file.toString());
        pb.environment().put("VKEY", SIGNER.noteSigner(LEDGER).verifierKey().vkey());
        if (withWitness) {
            pb.environment().put("WVKEY", witness.cosignatureKey().vkey());
        }
        Process process = pb.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Run(process.exitValue(), output);
    }

    private static boolean onPath(String tool) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(d, tool))) {
                return true;
            }
        }
        return false;
    }
}
