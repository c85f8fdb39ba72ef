package io.govstream.cli.keys;

import static org.assertj.core.api.Assertions.assertThat;

import io.govstream.cli.Govctl;
import io.govstream.cli.client.PlatformKek;
import io.govstream.ledger.checkpoint.SigningKeys;
import io.govstream.ledger.gdpr.KeysetFileKek;
import io.govstream.runtime.commands.CommandSeal;
import io.govstream.secrets.SigningKeyFiles;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class KeysInitCommandTest {
    @TempDir
    Path work;

    private static String init(Path dataDir, Path keyDir) {
        StringWriter out = new StringWriter();
        CommandLine cli = Govctl.commandLine();
        cli.setOut(new PrintWriter(out));
        assertThat(cli.execute("keys", "init", "--data-dir", dataDir.toString(), "--key-dir", keyDir.toString())).isZero();
        return out.toString();
    }

    private static String mode(Path path) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }

    private static List<Path> filesNamed(Path dir, String name) throws Exception {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(f -> f.getFileName().toString().equals(name)).toList();
        }
    }

    @Test
    void givenAnEmptyDataDir_whenKeysInit_thenEveryKeyAndPasswordExistsOwnerOnly_andTheKekIsOutsideTheDataDir() throws Exception {
        Path dataDir = work.resolve("data");
        Path keyDir = work.resolve("keys");

        String out = init(dataDir, keyDir);

        Path secrets = dataDir.resolve("secrets");
        for (String name : new String[] {"command-signing.json", "ledger-signing.json", "jwt-signing.password", "admin.password",
                "governance.password", "orbit.password", "axon.password", "registry.password", "producer.password"}) {
            Path file = secrets.resolve(name);
            assertThat(out).contains(file.toString());
            assertThat(mode(file)).as(name).isEqualTo("rw-------");
        }
        Path kek = keyDir.resolve(PlatformKek.FILE);
        assertThat(out).contains("ledger KEK        " + kek);
        assertThat(mode(kek)).isEqualTo("rw-------");
        assertThat(mode(keyDir)).isEqualTo("rwx------");
        assertThat(mode(dataDir)).isEqualTo("rwx------");
        assertThat(mode(secrets)).isEqualTo("rwx------");
        assertThat(filesNamed(dataDir, PlatformKek.FILE)).as("no KEK in the data dir").isEmpty();
        assertThat(Files.readString(dataDir.resolve(PlatformKek.RECORD))).contains(KeysetFileKek.uri(kek))
                .doesNotContain(Files.readString(kek));
        assertThat(CommandSeal.keyFiles(secrets).keyIds()).hasSize(1);
        assertThat(SigningKeyFiles.parsePublic(CommandSeal.keyFiles(secrets).publicFile())).isNotNull();
        assertThat(SigningKeys.verifier(SigningKeys.publicKeyFile(dataDir))).isNotNull();
        assertThat(KeysetFileKek.load(kek)).isNotNull();
    }

    @Test
    void givenKeysAlreadyMade_whenKeysInitRunsAgainWithoutKeyDir_thenNothingChanges_andTheSameKekIsFound() throws Exception {
        Path dataDir = work.resolve("data");
        Path keyDir = work.resolve("keys");
        init(dataDir, keyDir);
        String signing = Files.readString(CommandSeal.keyFiles(dataDir.resolve("secrets")).privateFile());
        String orbit = Files.readString(dataDir.resolve("secrets/orbit.password"));
        String kek = Files.readString(keyDir.resolve(PlatformKek.FILE));

        StringWriter out = new StringWriter();
        CommandLine cli = Govctl.commandLine();
        cli.setOut(new PrintWriter(out));
        assertThat(cli.execute("keys", "init", "--data-dir", dataDir.toString())).isZero();

        assertThat(out.toString()).as("found where the data dir recorded it").contains("ledger KEK        " + keyDir.resolve(PlatformKek.FILE));
        assertThat(Files.readString(CommandSeal.keyFiles(dataDir.resolve("secrets")).privateFile())).isEqualTo(signing);
        assertThat(Files.readString(dataDir.resolve("secrets/orbit.password"))).isEqualTo(orbit);
        assertThat(Files.readString(keyDir.resolve(PlatformKek.FILE))).isEqualTo(kek);
    }

    @Test
    void givenADataDirWithTheKekWhereOlderVersionsKeptIt_whenKeysInit_thenTheKekIsMovedOutOnceAndSaysSo() throws Exception {
        Path dataDir = work.resolve("data");
        Path legacy = dataDir.resolve(PlatformKek.LEGACY_FILE);
        KeysetFileKek.create(legacy);
        String oldKek = Files.readString(legacy);
        Path keyDir = work.resolve("keys");

        String first = init(dataDir, keyDir);
        String second = init(dataDir, keyDir);

        Path moved = keyDir.resolve(PlatformKek.FILE);
        assertThat(first).contains("note: moved the ledger key-encryption key from " + legacy + " to " + moved);
        assertThat(second).doesNotContain("moved");
        assertThat(legacy).doesNotExist();
        assertThat(Files.readString(moved)).isEqualTo(oldKek);
        assertThat(mode(moved)).isEqualTo("rw-------");
        assertThat(filesNamed(dataDir, PlatformKek.FILE)).isEmpty();
    }
}
