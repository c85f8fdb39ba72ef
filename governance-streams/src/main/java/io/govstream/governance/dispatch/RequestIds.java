package io.govstream.governance.dispatch;

import io.govstream.governance.state.StateKeys;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * One request, one decision: the correlation ids a task has decided, each with the event id of
 * the request that took it, kept while a second request under that id could still be decided
 * ({@link #window}) or while its escalation can still be voted on.
 *
 * <p>A request is routed to its tenant's task, so each tenant's ids meet in one store. Two keys per
 * id in one store: {@code c|<correlation id>} → {@code <event id>|<until ms>}, and the expiry index
 * {@code x|<until ms, 13 digits>|<correlation id>}, which a range scan drops in order of expiry
 * without reading the rest.
 */
public final class RequestIds {
    public static final String STORE = "request-ids";
    private static final String ID = "c|";
    private static final String EXPIRY = "x|";

    /** What a task knows of a request's correlation id. */
    public enum Seen {
        /** Never decided here (or forgotten after its window): decide it. */
        NEW,
        /** The same request (same event id) was decided already: a redelivery, to be dropped. */
        SAME_REQUEST,
        /** Another request holds the id (decided, or escalated and pending): refuse, touch nothing. */
        TAKEN
    }

    private final KeyValueStore<String, String> store;

    public RequestIds(KeyValueStore<String, String> store) {
        this.store = store;
    }

    public static StoreBuilder<KeyValueStore<String, String>> store() {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STORE), Serdes.String(), Serdes.String());
    }

    /**
     * How long after its decision a correlation id is kept: while a redelivery could still be judged
     * young enough to decide. A request is denied as too old once its record was written more than
     * {@code maxAge} after the decision time, or was created more than {@code maxAge} before it was
     * written, and creation may claim up to {@code futureSkew} ahead: past this window, a
     * redelivery is denied as too old instead of being decided again.
     */
    public static Duration window(Duration maxAge, Duration futureSkew) {
        return maxAge.plus(futureSkew).plus(maxAge).plusMinutes(1);
    }

    public Seen seen(String correlationId, String eventId) {
        String held = store.get(ID + correlationId);
        if (held == null) {
            return Seen.NEW;
        }
        return held.substring(0, held.lastIndexOf('|')).equals(eventId) ? Seen.SAME_REQUEST : Seen.TAKEN;
    }

    /** Records that {@code eventId} took {@code correlationId}, until {@code until}. */
    public void remember(String correlationId, String eventId, Instant until) {
        long ms = until.toEpochMilli();
        store.put(ID + correlationId, eventId + "|" + ms);
        store.put(expiryKey(ms, correlationId), "");
    }

    /** Forgets every id whose time ran out by {@code now}. */
    public void expire(Instant now) {
        List<String> due = new ArrayList<>();
        try (KeyValueIterator<String, String> it = store.range(EXPIRY, expiryKey(now.toEpochMilli(), "\uffff"))) {
            it.forEachRemaining(next -> due.add(next.key));
        }
        for (String key : due) {
            store.delete(key);
            String correlationId = key.substring(EXPIRY.length() + 14);
            String held = store.get(ID + correlationId);
            if (held != null && key.equals(expiryKey(Long.parseLong(held.substring(held.lastIndexOf('|') + 1)), correlationId))) {
                store.delete(ID + correlationId);
            }
        }
    }

    private static String expiryKey(long ms, String correlationId) {
        return EXPIRY + StateKeys.zeroPadded(ms, 13) + '|' + correlationId;
    }
}
