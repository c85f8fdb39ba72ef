package io.govstream.ledger.gdpr;

import io.govstream.schemas.gdpr.SubjectRef;
import com.google.crypto.tink.Aead;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The data keys a reader holds, read from the keys topic (latest record per key; a tombstone
 * removes it), unwrapped with the KEK: what {@code ledger access} and {@code export} decrypt with.
 */
public final class KeyRing {
    private final KeyEncryptionKey kek;
    private final Map<String, byte[]> wrapped = new HashMap<>();
    private final Map<String, Aead> unwrapped = new HashMap<>();

    public KeyRing(KeyEncryptionKey kek) {
        this.kek = kek;
    }

    /** Applies one keys-topic record in topic order; null value = tombstone. */
    public void accept(String topicKey, byte[] wrappedKeysetOrNull) {
        unwrapped.remove(topicKey);
        wrapped.compute(topicKey, (key, before) -> wrappedKeysetOrNull); // computing null removes the key
    }

    /** The key of a subject for a ledger partition, if it still exists. */
    public Optional<Aead> key(String subjectRef, int partition) {
        String name = SubjectRef.keyOf(subjectRef, partition);
        byte[] w = wrapped.get(name);
        return w == null ? Optional.empty() : Optional.of(unwrapped.computeIfAbsent(name, n -> DataKeys.aead(kek.unwrap(n, w))));
    }
}
