package io.govstream.cli.keys;

import static org.assertj.core.api.Assertions.assertThat;

import io.govstream.cli.Govctl;
import io.govstream.ledger.checkpoint.SigningKeys;
import io.govstream.ledger.gdpr.KeyEncryptionKey;
import io.govstream.runtime.commands.CommandSeal;
import io.govstream.secrets.SigningKeyFiles;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class KeysInitCommandTest {

    private static String init(Path dir) {
        StringWriter out = new StringWriter();
        CommandLine cli = Govctl.commandLine();
        cli.setOut(new PrintWriter(out));
        assertThat(cli.execute("keys", "init", "--data-dir", dir.toString())).isZero();
        return out.toString();
    }

    @Test
    void givenAnEmptyDataDir_whenKeysInit_thenEveryKeyAndPasswordExistsOwnerOnlyAndLoads(@TempDir Path dir) throws Exception {
        String out = init(dir);

        Path secrets = dir.resolve("secrets");
        for (String name : new String[] {"command-signing.json", "ledger-signing.json", "ledger-kek.json", "jwt-signing.password", "admin.password",
                "governance.password", "orbit.password", "axon.password", "registry.password", "producer.password"}) {
            Path file = secrets.resolve(name);
            assertThat(out).contains(file.toString());
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).as(name).isEqualTo("rw-------");
        }
        assertThat(CommandSeal.keyFiles(secrets).keyIds()).hasSize(1);
        assertThat(SigningKeyFiles.parsePublic(CommandSeal.keyFiles(secrets).publicFile())).isNotNull();
        assertThat(SigningKeys.verifier(SigningKeys.publicKeyFile(dir))).isNotNull();
        assertThat(KeyEncryptionKey.load(KeyEncryptionKey.file(dir))).isNotNull();
    }

    @Test
    void givenKeysAlreadyMade_whenKeysInitRunsAgain_thenNothingChanges(@TempDir Path dir) throws Exception {
        init(dir);
        String signing = Files.readString(CommandSeal.keyFiles(dir.resolve("secrets")).privateFile());
        String orbit = Files.readString(dir.resolve("secrets/orbit.password"));

        init(dir);

        assertThat(Files.readString(CommandSeal.keyFiles(dir.resolve("secrets")).privateFile())).isEqualTo(signing);
        assertThat(Files.readString(dir.resolve("secrets/orbit.password"))).isEqualTo(orbit);
    }
}
