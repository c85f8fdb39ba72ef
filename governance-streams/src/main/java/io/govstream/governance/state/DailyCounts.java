package io.govstream.governance.state;

import io.govstream.governance.stores.StoreEntries;
import org.apache.kafka.streams.state.KeyValueStore;

/** Counts per scope and UTC day: key = scope + '@' + 8-digit epoch day. Only today's are kept. */
record DailyCounts(KeyValueStore<String, Long> store) {

    void add(String scope, long day) {
        String key = key(scope, day);
        Long count = store.get(key);
        store.put(key, count == null ? 1L : count + 1);
    }

    long get(String scope, long day) {
        Long count = store.get(key(scope, day));
        return count == null ? 0 : count;
    }

    int expire(long today) {
        return StoreEntries.deleteIf(store, (key, count) -> Long.parseLong(key.substring(key.length() - 8)) < today);
    }

    private static String key(String scope, long day) {
        return scope + '@' + StateKeys.zeroPadded(day, 8);
    }
}
