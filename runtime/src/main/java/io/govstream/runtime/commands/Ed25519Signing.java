package io.govstream.runtime.commands;

import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.Key;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.PublicKeySign;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.signature.Ed25519Parameters;
import com.google.crypto.tink.signature.Ed25519PrivateKey;
import java.security.GeneralSecurityException;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.bouncycastle.util.Arrays;

/**
 * Signs with the primary Ed25519 key of a Tink keyset through BouncyCastle's Ed25519: the same
 * signature, byte for byte, as Tink's own primitive (Ed25519 is deterministic, and Tink's output
 * prefix is put in front as Tink puts it), so every verifier keeps working, at about half the CPU
 * (a command's canonical bytes: 34.0 against Tink's 62.7 µs; {@code CommandSigningBenchmark},
 * docs/benchmarks.md). It signs every permitted command, on the decide task's thread.
 * A key of another kind, or of Tink's LEGACY variant (which signs the message with a zero byte
 * appended), is signed by Tink's primitive. The key stays in memory as it would in Tink's.
 */
public final class Ed25519Signing implements PublicKeySign {
    private final Ed25519PrivateKeyParameters key;
    private final byte[] prefix;

    private Ed25519Signing(Ed25519PrivateKey key) {
        this.key = new Ed25519PrivateKeyParameters(key.getPrivateKeyBytes().toByteArray(InsecureSecretKeyAccess.get()), 0);
        this.prefix = key.getOutputPrefix().toByteArray();
    }

    /** The signer of {@code keyset}'s primary key: BouncyCastle's for Ed25519 (but LEGACY), else Tink's. */
    public static PublicKeySign of(KeysetHandle keyset) throws GeneralSecurityException {
        Key primary = keyset.getPrimary().getKey();
        if (primary instanceof Ed25519PrivateKey ed25519 && ed25519.getParameters().getVariant() != Ed25519Parameters.Variant.LEGACY) {
            return new Ed25519Signing(ed25519);
        }
        return keyset.getPrimitive(RegistryConfiguration.get(), PublicKeySign.class);
    }

    @Override
    public byte[] sign(byte[] data) {
        // A signer per call: BouncyCastle's keeps the message it is fed; the key parameters are immutable.
        Ed25519Signer signer = new Ed25519Signer();
        signer.init(true, key);
        signer.update(data, 0, data.length);
        return Arrays.concatenate(prefix, signer.generateSignature());
    }
}
