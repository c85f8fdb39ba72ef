package io.govstream.orbit.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jwt.SignedJWT;
import io.govstream.secrets.SecretFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalTokenKeyTest {
    private static final String KEY = "0123456789abcdef0123456789abcdef-test-key";

    @Test
    void givenATokenKeyFileOthersCanRead_whenLoaded_thenRefused_becauseWhoeverReadsItCanMintAnyToken(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("jwt-signing.password");
        SecretFiles.write(file, KEY);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

        assertThatThrownBy(() -> LocalTokenKey.fromFile(file)).hasMessageContaining("chmod 600 " + file);
    }

    @Test
    void givenAnOwnerOnlyTokenKeyFile_whenLoaded_thenItsTokensVerify(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("jwt-signing.password");
        SecretFiles.write(file, KEY + "\n");
        LocalTokenKey key = LocalTokenKey.fromFile(file);

        String token = key.mint("alice", List.of("dispatcher"), Duration.ofMinutes(5), Instant.now());

        assertThat(SignedJWT.parse(token).verify(new com.nimbusds.jose.crypto.MACVerifier(KEY))).isTrue();
    }
}
