package io.govstream.axon.work;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The ids of the most recent commands done, so a command delivered twice is done once.
 * Bounded: the commands topic is written exactly once, so duplicates are rare and recent.
 */
final class RecentCommands {
    private final Map<String, Boolean> seen;

    RecentCommands(int capacity) {
        this.seen = new LinkedHashMap<>(1024, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                return size() > capacity;
            }
        };
    }

    /** Forgets a command whose result was not committed (aborted transaction): its redelivery is done then. */
    synchronized void forget(String commandId) {
        seen.remove(commandId);
    }

    /** Returns true the first time {@code commandId} is offered. */
    synchronized boolean firstTime(String commandId) {
        return seen.put(commandId, Boolean.TRUE) == null;
    }
}
