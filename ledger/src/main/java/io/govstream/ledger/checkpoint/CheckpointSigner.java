package io.govstream.ledger.checkpoint;

import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.PublicKeySign;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.signature.Ed25519PrivateKey;
import io.govstream.events.CheckpointScope;
import io.govstream.events.LedgerCheckpoint;
import io.govstream.ledger.Bytes;
import io.govstream.secrets.SigningKeyFiles;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.util.Objects;

/**
 * Signs checkpoints with the primary key of an Ed25519 Tink keyset: the record's canonical encoding
 * with Tink (output prefix and all), and, for PARTITION checkpoints, the same tree head as a C2SP
 * signed note ({@link CheckpointNote}) with the raw Ed25519 key, so that tools that know nothing of
 * Tink or of this project can check it. Thread-safe.
 */
public final class CheckpointSigner {
    static {
        SigningKeyFiles.registerSignatures();
    }

    private final KeysetHandle keyset;
    private final PublicKeySign sign;
    private final String keyId;
    private final byte[] seed;
    private final java.util.Map<String, NoteSigner> noteSigners = new java.util.concurrent.ConcurrentHashMap<>();

    private CheckpointSigner(KeysetHandle keyset, PublicKeySign sign, String keyId, byte[] seed) {
        this.keyset = keyset;
        this.sign = sign;
        this.keyId = keyId;
        this.seed = seed;
    }

    public static CheckpointSigner of(KeysetHandle keyset) {
        Objects.requireNonNull(keyset, "keyset");
        try {
            if (!(keyset.getPrimary().getKey() instanceof Ed25519PrivateKey primary)) {
                throw new IllegalArgumentException("the primary key is not an Ed25519 private key: checkpoint notes need one");
            }
            return new CheckpointSigner(keyset, keyset.getPrimitive(RegistryConfiguration.get(), PublicKeySign.class),
                    keyIdOf(keyset), primary.getPrivateKeyBytes().toByteArray(InsecureSecretKeyAccess.get()));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("Not a signing keyset: " + e.getMessage(), e);
        }
    }

    /** The verifier for this signer's public key. */
    public CheckpointVerifier verifier() {
        try {
            return CheckpointVerifier.of(keyset.getPublicKeysetHandle());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot derive the public keyset", e);
        }
    }

    /** The note signer of a ledger's checkpoints: this key under the name {@code govstream/<ledger topic>}. */
    public NoteSigner noteSigner(String ledgerTopic) {
        return noteSigners.computeIfAbsent(ledgerTopic, topic -> NoteSigner.of(CheckpointNote.keyName(topic), seed));
    }

    /**
     * Sets keyId and signature of {@code checkpoint} (every other field must be final) and, for a
     * PARTITION checkpoint, its signed note; returns it. COMBINED checkpoints get no note: their root
     * is over partition states, not a log's leaves, so no consistency proof links two of them.
     */
    public LedgerCheckpoint sign(LedgerCheckpoint checkpoint) {
        checkpoint.setKeyId(keyId);
        checkpoint.setSignature(ByteBuffer.wrap(new byte[0]));
        checkpoint.setNote(null);
        if (checkpoint.getScope() == CheckpointScope.PARTITION) {
            String text = new CheckpointNote(CheckpointNote.origin(checkpoint.getLedgerTopic(), checkpoint.getPartition()),
                    checkpoint.getTreeSize(), Bytes.of(checkpoint.getRootHash())).text();
            checkpoint.setNote(new SignedNote(text, java.util.List.of(noteSigner(checkpoint.getLedgerTopic()).sign(text))).format());
        }
        try {
            checkpoint.setSignature(ByteBuffer.wrap(sign.sign(CheckpointEncoding.canonical(checkpoint))));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot sign a checkpoint", e);
        }
        return checkpoint;
    }

    static String keyIdOf(KeysetHandle keyset) {
        return String.format("%08x", keyset.getPrimary().getId());
    }
}
