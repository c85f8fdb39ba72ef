package io.govstream.governance.state;

import io.govstream.governance.stores.StoreEntries;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Counts per scope and UTC time bucket (a second, or a day) in a key-value store: key = scope + '@' +
 * the bucket's epoch number, zero-padded to {@code digits}, value = count. The fixed-width suffix makes
 * one scope's buckets a contiguous, ordered key range, so a window is one range scan of at most
 * {@code window} keys (bytewise key order, as in RocksDB and the in-memory store).
 */
record Buckets(KeyValueStore<String, Long> store, int digits) {
    /** Digits of an epoch second. */
    static final int SECONDS = 12;
    /** Digits of an epoch day. */
    static final int DAYS = 8;

    void add(String scope, long bucket) {
        String key = key(scope, bucket);
        Long count = store.get(key);
        store.put(key, count == null ? 1L : count + 1);
    }

    long get(String scope, long bucket) {
        Long count = store.get(key(scope, bucket));
        return count == null ? 0 : count;
    }

    /** Sum over the buckets {@code (nowBucket - window, nowBucket]}. */
    long sum(String scope, long nowBucket, long window) {
        long total = 0;
        try (KeyValueIterator<String, Long> it = store.range(key(scope, nowBucket - window + 1), key(scope, nowBucket))) {
            while (it.hasNext()) {
                total += it.next().value;
            }
        }
        return total;
    }

    /**
     * Deletes every bucket older than {@code oldestKept}. A full scan: the store only holds the
     * retention's buckets, and this runs once a minute, not per decision.
     */
    int expire(long oldestKept) {
        return StoreEntries.deleteIf(store, (key, count) -> Long.parseLong(key.substring(key.length() - digits)) < oldestKept);
    }

    String key(String scope, long bucket) {
        return scope + '@' + StateKeys.zeroPadded(Math.max(0, bucket), digits);
    }
}
