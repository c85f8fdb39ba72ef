package io.govstream.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AdminPasswordTest {
    @TempDir
    Path dataDir;

    @Test
    void givenNoPassword_whenStarting_thenAnOwnerOnlyFileIsCreatedAndReused() throws IOException {
        Path secrets = dataDir.resolve("secrets");
        String first = AdminPassword.readOrCreate(secrets);
        assertThat(AdminPassword.readOrCreate(secrets)).isEqualTo(first);
        assertThat(Files.getPosixFilePermissions(secrets.resolve(AdminPassword.FILE_NAME)))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
    }

    @Test
    void givenAWorldReadablePasswordFile_whenStarting_thenRefused() throws IOException {
        Path secrets = dataDir.resolve("secrets");
        AdminPassword.readOrCreate(secrets);
        Path file = secrets.resolve(AdminPassword.FILE_NAME);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw-rw-"));

        assertThatThrownBy(() -> AdminPassword.readOrCreate(secrets))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("chmod 600");
    }
}
