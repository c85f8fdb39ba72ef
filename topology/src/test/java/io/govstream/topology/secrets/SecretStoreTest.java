package io.govstream.topology.secrets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SecretStoreTest {

    @TempDir
    Path dataDir;

    @Test
    void givenNoSecret_whenAsked_thenOwnerOnlyFileWithLongUrlSafePassword() throws IOException {
        SecretStore store = new SecretStore(dataDir.resolve("secrets"));

        String password = store.passwordFor("orbit");

        Path file = dataDir.resolve("secrets/orbit.password");
        assertThat(Files.readString(file)).isEqualTo(password);
        assertThat(password).hasSizeGreaterThanOrEqualTo(24).matches("[A-Za-z0-9_-]+");
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Files.getPosixFilePermissions(file.getParent())).isEqualTo(PosixFilePermissions.fromString("rwx------"));
        assertThat(Files.list(file.getParent())).containsExactly(file);
    }

    @Test
    void givenExistingSecret_whenAskedAgain_thenSamePassword() {
        Path dir = dataDir.resolve("secrets");
        String first = new SecretStore(dir).passwordFor("axon");

        assertThat(new SecretStore(dir).passwordFor("axon")).isEqualTo(first);
        assertThat(new SecretStore(dir).passwordFor("orbit")).isNotEqualTo(first);
    }

    @Test
    void givenNameThatLeavesTheDirectory_thenRejected() {
        SecretStore store = new SecretStore(dataDir.resolve("secrets"));

        assertThatThrownBy(() -> store.passwordFor("../escape")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.passwordFor("..")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void givenASecretFileOthersCanRead_whenAsked_thenRefusedWithTheFix() throws IOException {
        Path dir = dataDir.resolve("secrets");
        new SecretStore(dir).passwordFor("orbit");
        Path file = dir.resolve("orbit.password");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

        assertThatThrownBy(() -> new SecretStore(dir).passwordFor("orbit"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("rw-r--r--")
                .hasMessageContaining("chmod 600 " + file);
    }
}
