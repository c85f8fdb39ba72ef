package io.govstream.cli.client;

import io.govstream.cli.client.PlatformKek;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.govstream.ledger.gdpr.EnvironmentKek;
import io.govstream.ledger.gdpr.KeysetFileKek;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlatformKekTest {
    @TempDir
    Path work;
    private final Map<String, String> env = new HashMap<>();
    private final List<String> notes = new ArrayList<>();

    private Path dataDir() throws Exception {
        return Files.createDirectories(work.resolve("platform"));
    }

    private PlatformKek kek(Path dataDir, Path keyDir) {
        return new PlatformKek(dataDir, keyDir, env::get, work.resolve("home"), notes::add);
    }

    private static String mode(Path path) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }

    @Test
    void givenNothingConfigured_whenTheKekIsMade_thenItIsUnderXdgConfigHome_ownerOnly_andFoundAgainFromTheDataDirsRecord() throws Exception {
        env.put("XDG_CONFIG_HOME", work.resolve("xdg").toString());
        Path dataDir = dataDir();

        PlatformKek.Located made = kek(dataDir, null).openOrCreate();
        PlatformKek.Located again = kek(dataDir, null).openOrCreate();

        assertThat(made.file()).hasFileName(PlatformKek.FILE);
        assertThat(made.file().getParent().getParent()).isEqualTo(work.resolve("xdg/govstream/keys"));
        assertThat(made.file().getParent().getFileName().toString()).matches("platform-[0-9a-f]{8}");
        assertThat(mode(made.file())).isEqualTo("rw-------");
        assertThat(mode(made.file().getParent())).isEqualTo("rwx------");
        assertThat(mode(work.resolve("xdg/govstream"))).isEqualTo("rwx------");
        assertThat(notes).singleElement().asString().startsWith("created the ledger key-encryption key " + made.file());
        assertThat(again.uri()).isEqualTo(made.uri()).isEqualTo(KeysetFileKek.uri(made.file()));
        assertThat(again.kek().sameKeyAs(made.kek())).isTrue();
        assertThat(filesIn(dataDir)).containsExactly(dataDir.resolve(PlatformKek.RECORD));
    }

    @Test
    void givenNoXdgConfigHome_whenTheKekIsMade_thenItIsUnderDotConfigInTheHome() throws Exception {
        PlatformKek.Located made = kek(dataDir(), null).openOrCreate();

        assertThat(made.file()).startsWith(work.resolve("home/.config/govstream/keys"));
    }

    @Test
    void givenTheKekInGovstreamKek_whenOpened_thenItIsUsedAndNothingIsWrittenButTheRecord() throws Exception {
        Path source = work.resolve("elsewhere/ledger-kek.json");
        KeysetFileKek.create(source);
        env.put(EnvironmentKek.DEFAULT_VARIABLE, Files.readString(source));
        Path dataDir = dataDir();

        PlatformKek.Located found = kek(dataDir, work.resolve("unused")).openOrCreate();

        assertThat(found.uri()).isEqualTo("env://GOVSTREAM_KEK");
        assertThat(found.file()).isNull();
        assertThat(found.kek().sameKeyAs(KeysetFileKek.load(source))).isTrue();
        assertThat(work.resolve("unused")).doesNotExist();
        assertThat(filesIn(dataDir)).containsExactly(dataDir.resolve(PlatformKek.RECORD));
    }

    @Test
    void givenAKeyDirInsideTheDataDir_whenOpened_thenRefused() throws Exception {
        Path dataDir = dataDir();

        assertThatThrownBy(() -> kek(dataDir, dataDir.resolve("keys")).openOrCreate())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is inside the data dir " + dataDir);
    }

    @Test
    void givenADataDirWhoseKekIsMissing_whenOpened_thenRefusedAndNoNewKeyIsMade() throws Exception {
        Path dataDir = dataDir();
        Path keyDir = work.resolve("keys");
        kek(dataDir, keyDir).openOrCreate();
        Files.delete(keyDir.resolve(PlatformKek.FILE));

        assertThatThrownBy(() -> kek(dataDir, null).openOrCreate())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("it is not at " + keyDir.resolve(PlatformKek.FILE))
                .hasMessageContaining("Restore it from your key backup");
        assertThat(keyDir.resolve(PlatformKek.FILE)).doesNotExist();
    }

    @Test
    void givenAnotherKekInTheKeyDir_whenOpened_thenRefused() throws Exception {
        Path dataDir = dataDir();
        kek(dataDir, work.resolve("keys")).openOrCreate();
        Path other = work.resolve("other");
        KeysetFileKek.create(other.resolve(PlatformKek.FILE));

        assertThatThrownBy(() -> kek(dataDir, other).openOrCreate())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("is not the one this data dir's ledger was encrypted with");
    }

    @Test
    void givenAFreshDataDir_whenOpenedToRead_thenThereIsNoKekAndNothingIsWritten() throws Exception {
        env.put("XDG_CONFIG_HOME", work.resolve("xdg").toString());
        Path dataDir = dataDir();

        assertThat(kek(dataDir, null).open()).isEmpty();
        assertThat(kek(work.resolve("no-such-dir"), null).open()).isEmpty();

        assertThat(filesIn(dataDir)).isEmpty();
        assertThat(work.resolve("xdg")).doesNotExist();
        assertThat(work.resolve("no-such-dir")).doesNotExist();
    }

    @Test
    void givenAnOldKekInTheDataDirAndAnotherInTheKeyDir_whenOpened_thenRefusedAndBothAreKept() throws Exception {
        Path dataDir = dataDir();
        Path legacy = dataDir.resolve(PlatformKek.LEGACY_FILE);
        KeysetFileKek.create(legacy);
        Path keyDir = work.resolve("keys");
        KeysetFileKek.create(keyDir.resolve(PlatformKek.FILE));

        assertThatThrownBy(() -> kek(dataDir, keyDir).openOrCreate())
                .hasMessageContaining("two different ledger key-encryption keys: " + legacy);
        assertThat(legacy).exists();
        assertThat(keyDir.resolve(PlatformKek.FILE)).exists();
    }

    @Test
    void givenAnOldKekInTheDataDirAndTheSameKeyInGovstreamKek_whenOpened_thenTheCopyInTheDataDirIsRemoved() throws Exception {
        Path dataDir = dataDir();
        Path legacy = dataDir.resolve(PlatformKek.LEGACY_FILE);
        KeysetFileKek.create(legacy);
        env.put(EnvironmentKek.DEFAULT_VARIABLE, Files.readString(legacy));

        PlatformKek.Located found = kek(dataDir, null).openOrCreate();

        assertThat(found.uri()).isEqualTo(EnvironmentKek.DEFAULT_URI);
        assertThat(legacy).doesNotExist();
        assertThat(notes).singleElement().asString().startsWith("removed the copy of the ledger key-encryption key in the data dir");
    }

    @Test
    void givenTheDefaultKeyDirOfADataDirNamedDotGovctl_thenItsNameIsReadable() {
        Path dir = PlatformKek.defaultKeyDir(Map.of("XDG_CONFIG_HOME", "relative/ignored")::get, Path.of("/home/u"),
                Path.of("/srv/.govctl"), "0a1b2c3d");

        assertThat(dir).isEqualTo(Path.of("/home/u/.config/govstream/keys/govctl-0a1b2c3d"));
    }

    private static List<Path> filesIn(Path dir) throws Exception {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).toList();
        }
    }
}
