package io.govstream.governance.state;

import io.govstream.governance.stores.StoreEntries;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Counts per scope and UTC second in a key-value store: key = scope + '@' + 12-digit epoch second,
 * value = count. The fixed-width suffix makes one scope's seconds a contiguous, ordered key range,
 * so a window is one range scan of at most {@code window} keys (bytewise key order, as in RocksDB
 * and the in-memory store).
 */
record SecondBuckets(KeyValueStore<String, Long> store) {

    void add(String scope, long second) {
        String key = key(scope, second);
        Long count = store.get(key);
        store.put(key, count == null ? 1L : count + 1);
    }

    /** Sum over the seconds {@code (nowSecond - windowSeconds, nowSecond]}. */
    long sum(String scope, long nowSecond, long windowSeconds) {
        long total = 0;
        try (KeyValueIterator<String, Long> it = store.range(key(scope, nowSecond - windowSeconds + 1), key(scope, nowSecond))) {
            while (it.hasNext()) {
                total += it.next().value;
            }
        }
        return total;
    }

    /**
     * Deletes every bucket older than {@code oldestKeptSecond}. A full scan: the store only holds the
     * retention's buckets, and this runs once a minute, not per decision.
     */
    int expire(long oldestKeptSecond) {
        return StoreEntries.deleteIf(store, (key, count) -> second(key) < oldestKeptSecond);
    }

    static String key(String scope, long second) {
        return scope + '@' + StateKeys.zeroPadded(Math.max(0, second), 12);
    }

    private static long second(String key) {
        return Long.parseLong(key.substring(key.length() - 12));
    }
}
