package io.govstream.governance.stores;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiPredicate;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/** Whole-store reads, for timers, erasures and gauges. */
public final class StoreEntries {
    private StoreEntries() {
    }

    /** Every entry of {@code store}, read to the end (and the iterator closed) before the caller changes any. */
    public static <K, V> List<KeyValue<K, V>> all(ReadOnlyKeyValueStore<K, V> store) {
        List<KeyValue<K, V>> all = new ArrayList<>();
        try (KeyValueIterator<K, V> it = store.all()) {
            it.forEachRemaining(all::add);
        }
        return all;
    }

    /** Deletes every entry {@code expired} holds for; returns how many. */
    public static <K, V> int deleteIf(KeyValueStore<K, V> store, BiPredicate<K, V> expired) {
        List<K> keys = all(store).stream().filter(entry -> expired.test(entry.key, entry.value)).map(entry -> entry.key).toList();
        keys.forEach(store::delete);
        return keys.size();
    }
}
