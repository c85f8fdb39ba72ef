package io.govstream.runtime.commands;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.PublicKeySign;
import com.google.crypto.tink.PublicKeyVerify;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.signature.Ed25519Parameters;
import com.google.crypto.tink.signature.PredefinedSignatureParameters;
import com.google.crypto.tink.signature.SignatureConfig;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** BouncyCastle's Ed25519 signs exactly what Tink's primitive signs, for each output prefix; Tink verifies it. */
class Ed25519SigningTest {
    private static final byte[] MESSAGE = "govstream-command-v1 signed bytes of a permitted command".getBytes(StandardCharsets.UTF_8);

    @BeforeAll
    static void register() throws GeneralSecurityException {
        SignatureConfig.register();
    }

    @Test
    void givenTheShippedKeyTemplate_whenSigned_thenTheSameBytesAsTink_withTinksPrefix_andTinkVerifies() throws Exception {
        KeysetHandle keyset = KeysetHandle.generateNew(PredefinedSignatureParameters.ED25519);

        byte[] ours = Ed25519Signing.of(keyset).sign(MESSAGE);

        assertThat(Ed25519Signing.of(keyset)).isInstanceOf(Ed25519Signing.class);
        assertThat(ours).hasSize(5 + 64).isEqualTo(tink(keyset).sign(MESSAGE));
        keyset.getPublicKeysetHandle().getPrimitive(RegistryConfiguration.get(), PublicKeyVerify.class).verify(ours, MESSAGE);
    }

    @Test
    void givenAKeyWithoutPrefix_whenSigned_thenTheSameBytesAsTink() throws Exception {
        KeysetHandle keyset = KeysetHandle.generateNew(Ed25519Parameters.create(Ed25519Parameters.Variant.NO_PREFIX));

        assertThat(Ed25519Signing.of(keyset).sign(MESSAGE)).hasSize(64).isEqualTo(tink(keyset).sign(MESSAGE));
    }

    @Test
    void givenALegacyKey_thenTinkSignsIt() throws Exception {
        KeysetHandle keyset = KeysetHandle.generateNew(Ed25519Parameters.create(Ed25519Parameters.Variant.LEGACY));

        PublicKeySign signer = Ed25519Signing.of(keyset);

        assertThat(signer).isNotInstanceOf(Ed25519Signing.class);
        assertThat(signer.sign(MESSAGE)).isEqualTo(tink(keyset).sign(MESSAGE));
    }

    private static PublicKeySign tink(KeysetHandle keyset) throws GeneralSecurityException {
        return keyset.getPrimitive(RegistryConfiguration.get(), PublicKeySign.class);
    }
}
