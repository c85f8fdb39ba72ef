package io.govstream.cli.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import io.govstream.cli.client.ExitCodes;
import io.govstream.cli.GovctlRun;
import io.govstream.ledger.checkpoint.CheckpointSigner;
import io.govstream.ledger.checkpoint.NoteVerifierKey;
import io.govstream.ledger.checkpoint.SigningKeys;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The verifier key of the ledger's checkpoint notes, as an operator publishes it: no cluster needed. */
class LedgerVkeyCommandTest {
    @TempDir
    Path dir;

    @Test
    void givenADataDirWithTheSigningKey_whenShowVkey_thenItPrintsTheVkeyThatVerifiesTheNotes() {
        CheckpointSigner signer = SigningKeys.loadOrCreate(dir);

        GovctlRun run = GovctlRun.of("ledger", "checkpoint", "--show-vkey", "--data-dir", dir.toString());

        assertThat(run.code()).as(run.printed()).isZero();
        String vkey = run.out().strip();
        assertThat(vkey).startsWith("govstream/governance.ledger+").doesNotContain("\n");
        assertThat(NoteVerifierKey.parse(vkey)).isEqualTo(signer.noteSigner("governance.ledger").verifierKey());
    }

    @Test
    void givenAnotherLedgerTopic_whenShowVkey_thenTheKeyNameNamesIt() {
        SigningKeys.loadOrCreate(dir);

        GovctlRun run = GovctlRun.of("ledger", "checkpoint", "--show-vkey", "--topic", "audit.ledger", "--key",
                SigningKeys.publicKeyFile(dir).toString(), "--data-dir", dir.resolve("elsewhere").toString());

        assertThat(run.code()).as(run.printed()).isZero();
        assertThat(NoteVerifierKey.parse(run.out().strip()).name()).isEqualTo("govstream/audit.ledger");
    }

    @Test
    void givenNoKeyAtAll_whenShowVkey_thenExit1SayingSo() {
        GovctlRun run = GovctlRun.of("ledger", "checkpoint", "--show-vkey", "--data-dir", dir.toString());

        assertThat(run.code()).isEqualTo(ExitCodes.FAILURE);
        assertThat(run.err()).contains("no public key").contains("no signing key at");
    }
}
