package io.govstream.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretFilesTest {

    private static String mode(Path path) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }

    @Test
    void givenASecretFileOthersCanRead_whenRead_thenRefusedNamingTheFileItsModeAndTheFix(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("ledger-kek.json");
        Files.writeString(file, "{}");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

        assertThatThrownBy(() -> SecretFiles.readString(file))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("Secret file " + file + " has mode rw-r--r--; it must be readable by its owner only. "
                        + "Fix it with: chmod 600 " + file);

        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        assertThat(SecretFiles.readString(file)).isEqualTo("{}");
    }

    @Test
    void givenASecretFileItsGroupMayWrite_whenRead_thenRefused(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("admin.password");
        Files.writeString(file, "x");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw--w----"));

        assertThatThrownBy(() -> SecretFiles.readBytes(file)).hasMessageContaining("has mode rw--w----");
    }

    @Test
    void givenNoFile_whenRead_thenTheErrorNamesIt(@TempDir Path dir) {
        Path file = dir.resolve("missing.json");

        assertThatThrownBy(() -> SecretFiles.readString(file)).hasMessage("No secret file at " + file);
    }

    @Test
    void givenNoDirectory_whenASecretIsCreated_thenTheFileIs0600InA0700Directory(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("a/b/secret.json");

        assertThat(SecretFiles.createIfAbsent(file, "s3cret")).isTrue();

        assertThat(mode(file)).isEqualTo("rw-------");
        assertThat(mode(dir.resolve("a/b"))).isEqualTo("rwx------");
        assertThat(mode(dir.resolve("a"))).isEqualTo("rwx------");
        assertThat(SecretFiles.readString(file)).isEqualTo("s3cret");
        assertThat(leftovers(file.getParent())).isEmpty();
    }

    @Test
    void givenAnExistingSecret_whenCreatedAgain_thenTheFirstContentIsKept(@TempDir Path dir) {
        Path file = dir.resolve("orbit.password");
        SecretFiles.createIfAbsent(file, "first");

        assertThat(SecretFiles.createIfAbsent(file, "second")).isFalse();
        assertThat(SecretFiles.readOrCreate(file, () -> "third")).isEqualTo("first");
    }

    @Test
    void givenManyCreatorsAtOnce_whenEachCreatesTheSameSecret_thenOneWinsAndEveryoneReadsItsContent(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("secrets/governance.password");
        int creators = 8;
        ExecutorService pool = Executors.newFixedThreadPool(creators);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Boolean>> created = new ArrayList<>();
        Set<String> read = ConcurrentHashMap.newKeySet();
        try {
            for (int i = 0; i < creators; i++) {
                String mine = "password-" + i;
                created.add(pool.submit(() -> {
                    start.await();
                    boolean won = SecretFiles.createIfAbsent(file, mine);
                    read.add(SecretFiles.readString(file));
                    return won;
                }));
            }
            start.countDown();
            int winners = 0;
            for (Future<Boolean> f : created) {
                winners += f.get(30, TimeUnit.SECONDS) ? 1 : 0;
            }
            assertThat(winners).isEqualTo(1);
            assertThat(read).hasSize(1);
            assertThat(leftovers(file.getParent())).isEmpty();
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void givenReadersWhileASecretIsReplaced_whenWritten_thenEveryReadSeesOneWholeVersionAndTheModeStays0600(@TempDir Path dir)
            throws Exception {
        Path file = dir.resolve("command-signing.json");
        byte[] a = new byte[512 * 1024];
        byte[] b = new byte[512 * 1024];
        Arrays.fill(a, (byte) 'a');
        Arrays.fill(b, (byte) 'b');
        SecretFiles.write(file, a);
        AtomicBoolean writing = new AtomicBoolean(true);
        List<String> torn = new ArrayList<>();
        Thread reader = new Thread(() -> {
            while (writing.get()) {
                byte[] seen = SecretFiles.readBytes(file);
                if (!Arrays.equals(seen, a) && !Arrays.equals(seen, b)) {
                    torn.add(seen.length + " bytes starting " + new String(seen, 0, Math.min(8, seen.length), StandardCharsets.UTF_8));
                }
            }
        });
        reader.start();
        try {
            for (int i = 0; i < 200; i++) {
                SecretFiles.write(file, i % 2 == 0 ? b : a);
            }
        } finally {
            writing.set(false);
            reader.join(30_000);
        }

        assertThat(torn).as("reads that saw part of a write").isEmpty();
        assertThat(SecretFiles.readBytes(file)).isEqualTo(a);
        assertThat(mode(file)).isEqualTo("rw-------");
        assertThat(leftovers(dir)).isEmpty();
    }

    @Test
    void givenAPublicFile_whenWritten_thenEveryoneMayReadIt(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("ledger-signing.pub.json");

        SecretFiles.writePublic(file, "{\"public\":true}");

        assertThat(mode(file)).isEqualTo("rw-r--r--");
        assertThat(Files.readString(file)).isEqualTo("{\"public\":true}");
    }

    @Test
    void givenNoDirectory_whenMadeOwnerOnly_thenItAndItsNewParentsAre0700(@TempDir Path dir) throws Exception {
        Path keys = dir.resolve("config/govstream/keys");

        SecretFiles.ownerOnlyDirectory(keys);

        assertThat(mode(keys)).isEqualTo("rwx------");
        assertThat(mode(dir.resolve("config"))).isEqualTo("rwx------");
    }

    @Test
    void givenADirectoryOthersCanEnter_whenMadeOwnerOnly_thenItIsTightenedTo0700(@TempDir Path dir) throws Exception {
        Path data = Files.createDirectory(dir.resolve(".govctl"));
        Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxr-xr-x"));

        SecretFiles.ownerOnlyDirectory(data);

        assertThat(mode(data)).isEqualTo("rwx------");
    }

    @Test
    void givenAFileWhereADirectoryBelongs_whenMadeOwnerOnly_thenRefused(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("kafka"), "not a directory");

        assertThatThrownBy(() -> SecretFiles.ownerOnlyDirectory(file)).hasMessage(file + " exists but is not a directory");
    }

    private static List<Path> leftovers(Path dir) throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".tmp")).toList();
        }
    }
}
