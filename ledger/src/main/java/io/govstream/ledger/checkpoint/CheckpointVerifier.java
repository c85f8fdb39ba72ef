package io.govstream.ledger.checkpoint;

import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.PublicKeyVerify;
import com.google.crypto.tink.RegistryConfiguration;
import io.govstream.events.LedgerCheckpoint;
import io.govstream.ledger.Bytes;
import java.security.GeneralSecurityException;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Checks checkpoint signatures against a public keyset (every key in it, so checkpoints signed
 * before a key rotation still verify while the old public key stays in the set).
 */
public final class CheckpointVerifier {
    private final PublicKeyVerify verify;
    private final Set<String> keyIds;

    private CheckpointVerifier(PublicKeyVerify verify, Set<String> keyIds) {
        this.verify = verify;
        this.keyIds = keyIds;
    }

    public static CheckpointVerifier of(KeysetHandle publicKeyset) {
        SigningKeys.class.getName(); // registers Tink's signature primitives
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < publicKeyset.size(); i++) {
            ids.add(String.format("%08x", publicKeyset.getAt(i).getId()));
        }
        try {
            return new CheckpointVerifier(publicKeyset.getPrimitive(RegistryConfiguration.get(), PublicKeyVerify.class), Set.copyOf(ids));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("Not a public signature keyset: " + e.getMessage(), e);
        }
    }

    /** Key ids this verifier trusts. */
    public Set<String> keyIds() {
        return keyIds;
    }

    /** Empty if the signature is valid, else why not. */
    public Optional<String> check(LedgerCheckpoint checkpoint) {
        if (!keyIds.contains(checkpoint.getKeyId())) {
            return Optional.of("signed with key " + checkpoint.getKeyId() + ", which is not among the trusted keys " + keyIds);
        }
        try {
            verify.verify(Bytes.of(checkpoint.getSignature()), CheckpointEncoding.canonical(checkpoint));
            return Optional.empty();
        } catch (GeneralSecurityException e) {
            return Optional.of("signature does not verify with key " + checkpoint.getKeyId());
        }
    }
}
