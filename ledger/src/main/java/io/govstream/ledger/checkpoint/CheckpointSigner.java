package io.govstream.ledger.checkpoint;

import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.PublicKeySign;
import com.google.crypto.tink.RegistryConfiguration;
import io.govstream.events.LedgerCheckpoint;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.util.Objects;

/** Signs checkpoints with the primary key of an Ed25519 Tink keyset. Thread-safe. */
public final class CheckpointSigner {
    private final KeysetHandle keyset;
    private final PublicKeySign sign;
    private final String keyId;

    private CheckpointSigner(KeysetHandle keyset, PublicKeySign sign, String keyId) {
        this.keyset = keyset;
        this.sign = sign;
        this.keyId = keyId;
    }

    public static CheckpointSigner of(KeysetHandle keyset) {
        Objects.requireNonNull(keyset, "keyset");
        SigningKeys.class.getName(); // registers Tink's signature primitives
        try {
            return new CheckpointSigner(keyset, keyset.getPrimitive(RegistryConfiguration.get(), PublicKeySign.class),
                    keyIdOf(keyset));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("Not a signing keyset: " + e.getMessage(), e);
        }
    }

    /** The id of the signing key: the Tink key id of the keyset's primary, as 8 hex digits. */
    public String keyId() {
        return keyId;
    }

    /** The verifier for this signer's public key. */
    public CheckpointVerifier verifier() {
        try {
            return CheckpointVerifier.of(keyset.getPublicKeysetHandle());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot derive the public keyset", e);
        }
    }

    /** The public keyset as Tink JSON, what verifiers and auditors are given. */
    public String publicKeysetJson() {
        return SigningKeys.serializePublic(keyset);
    }

    /** Sets keyId and signature of {@code checkpoint} (every other field must be final) and returns it. */
    public LedgerCheckpoint sign(LedgerCheckpoint checkpoint) {
        checkpoint.setKeyId(keyId);
        checkpoint.setSignature(ByteBuffer.wrap(new byte[0]));
        try {
            checkpoint.setSignature(ByteBuffer.wrap(sign.sign(CheckpointEncoding.canonical(checkpoint))));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot sign a checkpoint", e);
        }
        return checkpoint;
    }

    KeysetHandle keyset() {
        return keyset;
    }

    static String keyIdOf(KeysetHandle keyset) {
        return String.format("%08x", keyset.getPrimary().getId());
    }
}
