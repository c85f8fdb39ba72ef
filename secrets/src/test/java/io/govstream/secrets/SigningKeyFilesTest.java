package io.govstream.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.crypto.tink.PublicKeySign;
import com.google.crypto.tink.PublicKeyVerify;
import com.google.crypto.tink.RegistryConfiguration;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SigningKeyFilesTest {

    @Test
    void givenNoKey_whenCreated_thenThePrivateKeysetIsASecretAndThePublicOneVerifiesItsSignatures(@TempDir Path dir) throws Exception {
        SigningKeyFiles keys = new SigningKeyFiles(dir.resolve("secrets/signing.json"), dir.resolve("verify.json"));

        keys.createIfAbsent();

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keys.privateFile()))).isEqualTo("rw-------");
        assertThat(Files.readString(keys.publicFile())).doesNotContain(Files.readString(keys.privateFile()));
        byte[] message = "ledger checkpoint".getBytes(StandardCharsets.UTF_8);
        byte[] signature = keys.loadPrivate().getPrimitive(RegistryConfiguration.get(), PublicKeySign.class).sign(message);
        SigningKeyFiles.parsePublic(keys.publicFile()).getPrimitive(RegistryConfiguration.get(), PublicKeyVerify.class).verify(signature, message);
    }

    @Test
    void givenAKey_whenCreatedAgain_thenItIsKeptAndAMissingPublicKeysetIsWrittenFromIt(@TempDir Path dir) throws Exception {
        SigningKeyFiles keys = new SigningKeyFiles(dir.resolve("signing.json"), dir.resolve("verify.json"));
        keys.createIfAbsent();
        String privateKeyset = Files.readString(keys.privateFile());
        String publicKeyset = Files.readString(keys.publicFile());
        Files.delete(keys.publicFile());

        keys.createIfAbsent();

        assertThat(Files.readString(keys.privateFile())).isEqualTo(privateKeyset);
        assertThat(Files.readString(keys.publicFile())).isEqualTo(publicKeyset);
    }

    @Test
    void givenAKey_whenRotatedThenRetired_thenTheNewKeyIsPrimaryAndTheOldOneGoesOnlyWhenRetired(@TempDir Path dir) {
        SigningKeyFiles keys = new SigningKeyFiles(dir.resolve("signing.json"), dir.resolve("verify.json"));
        keys.createIfAbsent();
        String first = keys.keyIds().get(0);

        String second = keys.rotate();

        assertThat(keys.keyIds()).containsExactly(second, first);
        assertThat(SigningKeyFiles.parsePublic(keys.publicFile()).size()).isEqualTo(2);
        assertThat(keys.retire()).containsExactly(first);
        assertThat(keys.keyIds()).containsExactly(second);
        assertThat(SigningKeyFiles.parsePublic(keys.publicFile()).size()).isEqualTo(1);
    }

    @Test
    void givenAPrivateKeysetOthersCanRead_whenLoaded_thenRefusedWithTheFix(@TempDir Path dir) throws Exception {
        SigningKeyFiles keys = new SigningKeyFiles(dir.resolve("signing.json"), dir.resolve("verify.json"));
        keys.createIfAbsent();
        Files.setPosixFilePermissions(keys.privateFile(), PosixFilePermissions.fromString("rw-r-----"));

        assertThatThrownBy(keys::loadPrivate).hasMessageContaining("chmod 600 " + keys.privateFile());
    }
}
