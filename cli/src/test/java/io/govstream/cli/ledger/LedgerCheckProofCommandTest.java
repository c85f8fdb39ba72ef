package io.govstream.cli.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import io.govstream.cli.client.ExitCodes;
import io.govstream.cli.GovctlRun;
import io.govstream.events.Effect;
import io.govstream.events.Envelope;
import io.govstream.events.GovernanceDecision;
import io.govstream.events.LedgerCheckpoint;
import io.govstream.events.LedgerEntry;
import io.govstream.ledger.LedgerChain;
import io.govstream.ledger.LedgerFact;
import io.govstream.ledger.LedgerHead;
import io.govstream.ledger.checkpoint.CheckpointSigner;
import io.govstream.ledger.checkpoint.Checkpoints;
import io.govstream.ledger.checkpoint.SigningKeys;
import io.govstream.ledger.proof.LedgerProver;
import io.govstream.ledger.proof.ProofJson;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** check-proof as an auditor runs it: a proof file and a public key, no cluster. */
class LedgerCheckProofCommandTest {
    @TempDir
    Path dir;
    private Path proofFile;
    private Path publicKey;

    @BeforeEach
    void givenAProofOfEntry3InASignedTreeOf8() throws Exception {
        CheckpointSigner signer = SigningKeys.loadOrCreate(dir.resolve("platform"));
        publicKey = SigningKeys.publicKeyFile(dir.resolve("platform"));
        List<LedgerEntry> chain = new ArrayList<>();
        LedgerChain ledger = new LedgerChain("test");
        LedgerHead head = LedgerHead.genesis(0);
        for (int i = 0; i < 8; i++) {
            LedgerEntry entry = ledger.next(head.chain(), LedgerFact.decision(decision("c-" + i)), Instant.EPOCH.plusSeconds(i));
            chain.add(entry);
            head = head.after(entry);
        }
        LedgerCheckpoint checkpoint = signer.sign(Checkpoints.of("governance.ledger", head, Instant.EPOCH, "test"));
        LedgerProver prover = new LedgerProver(0);
        chain.forEach(prover::accept);
        proofFile = Files.writeString(dir.resolve("proof.json"),
                ProofJson.write(prover.prove("governance.ledger", chain.get(3), 3, checkpoint, 0)));
    }

    @Test
    void givenAnIntactProof_whenChecked_thenExit0AndItNamesTheEntryAndTheKey() {
        GovctlRun run = run("ledger", "check-proof", proofFile.toString(), "--key", publicKey.toString());

        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.out()).contains("proof holds").contains("partition 0, sequence 3, correlation id c-3").contains("signed by key");
    }

    @Test
    void givenAnIntactProof_whenChecked_thenEveryPrintedFactIsTheEntrysAndTheCheckpoints() throws Exception {
        GovctlRun run = run("ledger", "check-proof", proofFile.toString(), "--key", publicKey.toString());

        assertThat(run.out()).contains("tenant acme").contains("DECISION c-3").contains("is leaf 3 of the 8-entry tree of governance.ledger partition 0")
                .contains("checkpoint govstream/governance.ledger/0").doesNotContain("offset");
    }

    @Test
    void givenOnlyThePublishedVkey_whenChecked_thenExit0() {
        String vkey = run("ledger", "checkpoint", "--show-vkey", "--key", publicKey.toString()).out().strip();

        GovctlRun run = run("ledger", "check-proof", proofFile.toString(), "--vkey", vkey);

        assertThat(run.code()).as(run.printed()).isZero();
        assertThat(run.out()).contains("proof holds").contains("signed by key govstream/governance.ledger+");
    }

    @Test
    void givenAProofWhoseReadableTenantWasChanged_whenChecked_thenExit6NamingTheField() throws Exception {
        Files.writeString(proofFile, Files.readString(proofFile).replace("\"tenant\" : \"acme\"", "\"tenant\" : \"globex\""));

        GovctlRun run = run("ledger", "check-proof", proofFile.toString(), "--key", publicKey.toString());

        assertThat(run.code()).isEqualTo(ExitCodes.LEDGER_INVALID);
        assertThat(run.out()).contains("PROOF INVALID: entry.tenant says \"globex\" but the verified bytes hold \"acme\"");
    }

    @Test
    void givenAProofWhoseLeafHashWasFlipped_whenChecked_thenExit6NamingTheField() throws Exception {
        String json = Files.readString(proofFile);
        int at = json.indexOf("\"leafHash\" : \"") + "\"leafHash\" : \"".length();
        Files.writeString(proofFile, json.substring(0, at) + (json.charAt(at) == '0' ? '1' : '0') + json.substring(at + 1));

        GovctlRun run = run("ledger", "check-proof", proofFile.toString(), "--key", publicKey.toString());

        assertThat(run.code()).isEqualTo(ExitCodes.LEDGER_INVALID);
        assertThat(run.out()).contains("PROOF INVALID: leafHash says");
    }

    @Test
    void givenAProofWhoseInclusionPathWasEdited_whenChecked_thenExit6WithTheReason() throws Exception {
        String json = Files.readString(proofFile);
        int at = json.indexOf("\"inclusionPath\" : [ \"") + "\"inclusionPath\" : [ \"".length();
        String edited = json.substring(0, at) + (json.charAt(at) == '0' ? '1' : '0') + json.substring(at + 1);
        Files.writeString(proofFile, edited);

        GovctlRun run = run("ledger", "check-proof", proofFile.toString(), "--key", publicKey.toString());

        assertThat(run.code()).isEqualTo(ExitCodes.LEDGER_INVALID);
        assertThat(run.out()).contains("PROOF INVALID").contains("not in the ledger as signed");
    }

    @Test
    void givenTheKeyOfAnotherSigner_whenChecked_thenExit6BecauseTheCheckpointIsNotTrusted() {
        SigningKeys.loadOrCreate(dir.resolve("other"));

        GovctlRun run = run("ledger", "check-proof", proofFile.toString(), "--key", SigningKeys.publicKeyFile(dir.resolve("other")).toString());

        assertThat(run.code()).isEqualTo(ExitCodes.LEDGER_INVALID);
        assertThat(run.out()).contains("not validly signed by the ledger's key").contains("note has no verifiable signatures");
    }

    @Test
    void givenAFileFarLargerThanAnyProof_whenChecked_thenExit1NamingItWithoutReadingIt() throws Exception {
        try (RandomAccessFile huge = new RandomAccessFile(proofFile.toFile(), "rw")) {
            huge.setLength(4L << 30); // sparse: 4 GiB claimed, nothing written
        }

        GovctlRun run = run("ledger", "check-proof", proofFile.toString(), "--key", publicKey.toString());

        assertThat(run.code()).isEqualTo(ExitCodes.FAILURE);
        assertThat(run.err()).contains("proof file " + proofFile + " is larger than 64 MiB");
    }

    @Test
    void givenNoKey_whenChecked_thenExit1SayingSo() {
        GovctlRun run = run("ledger", "check-proof", proofFile.toString(), "--data-dir", dir.resolve("empty").toString());

        assertThat(run.code()).isEqualTo(ExitCodes.FAILURE);
        assertThat(run.err()).contains("no public key");
    }

    private static GovctlRun run(String... args) {
        return GovctlRun.of(args);
    }

    private static GovernanceDecision decision(String id) {
        return GovernanceDecision.newBuilder()
                .setEnvelope(Envelope.newBuilder().setEventId("decision-" + id).setCorrelationId(id).setCausationId("request-" + id)
                        .setTenant("acme").setOccurredAt(Instant.EPOCH).setProducer("governance-streams").setTraceparent(null).build())
                .setRequestEventId("request-" + id).setEffect(Effect.PERMIT).setPolicySetId("p").setPolicyVersion("1")
                .setPolicyHash("sha256:00").setRuleId("r").setReason("because").setSource("orbit").setTarget("axon")
                .setIntent("reason").setSubject("alice").build();
    }
}
