package io.govstream.ledger.gdpr;

import io.govstream.schemas.gdpr.SubjectRef;
import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KeysetHandle;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * One task's data keys: subject reference → data key wrapped by the KEK, in a state store of the
 * task that owns the ledger partition, so creating a key, publishing it to the keys topic and
 * appending the entry it encrypts are one exactly-once transaction. Unwrapped keys are cached by
 * their wrapped bytes, and the store is read every time: processors with their own keyrings share
 * the store (one encrypts, another erases), so the store alone says whether a key still exists.
 */
public final class SubjectKeyring {
    /** Store name; its changelog is configured like the keys topic, so an erased key leaves it within the same bound. */
    public static final String STORE = "ledger-subject-keys";
    private static final int CACHE = 10_000;

    /** A subject's key, and the wrapped key to publish when it was just created (null otherwise). */
    public record Use(Aead aead, byte[] created) {
    }

    private final KeyValueStore<String, byte[]> store;
    private final KeyEncryptionKey kek;
    private final int partition;
    private record Cached(byte[] wrapped, Aead aead) {
    }

    private final Map<String, Cached> cache = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Cached> eldest) {
            return size() > CACHE;
        }
    };

    public SubjectKeyring(KeyValueStore<String, byte[]> store, KeyEncryptionKey kek, int partition) {
        this.store = Objects.requireNonNull(store, "store");
        this.kek = Objects.requireNonNull(kek, "kek");
        this.partition = partition;
    }

    /** Persistent, changelogged; the changelog compacts like the keys topic (same topic configs). */
    public static StoreBuilder<KeyValueStore<String, byte[]>> store(Map<String, String> changelogConfig) {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STORE), Serdes.String(), Serdes.ByteArray())
                .withLoggingEnabled(changelogConfig);
    }

    /** The subject's key of this partition, created on first sight. */
    public Use keyFor(String subjectRef) {
        String name = SubjectRef.keyOf(subjectRef, partition);
        byte[] wrapped = store.get(subjectRef);
        Cached cached = cache.get(subjectRef);
        if (wrapped != null && cached != null && java.util.Arrays.equals(cached.wrapped(), wrapped)) {
            return new Use(cached.aead(), null);
        }
        byte[] created = null;
        KeysetHandle keyset;
        if (wrapped == null) {
            keyset = DataKeys.generate();
            created = kek.wrap(name, keyset);
            store.put(subjectRef, created);
            wrapped = created;
        } else {
            keyset = kek.unwrap(name, wrapped);
        }
        Aead aead = DataKeys.aead(keyset);
        cache.put(subjectRef, new Cached(wrapped, aead));
        return new Use(aead, created);
    }

    /** Destroys the subject's key of this partition; true if there was one. */
    public boolean destroy(String subjectRef) {
        cache.remove(subjectRef);
        return store.delete(subjectRef) != null;
    }

    public int partition() {
        return partition;
    }

    public String kekId() {
        return kek.id();
    }
}
