package io.govstream.cli;

import io.govstream.cli.ledger.HeldInClear;
import io.govstream.topology.Catalogue;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads every topic of a cluster from its first record to its end offsets, as the admin principal
 * (read_uncommitted: aborted records count too), and says where a string appears in a key, a value
 * or a header: what an auditor checking an erasure would do.
 */
public final class TopicScan {
    private TopicScan() {
    }

    /** Topic → how many records contain {@code needle} (UTF-8 bytes), for every topic where any does, the ledger included. */
    public static Map<String, Integer> recordsContaining(Map<String, Object> adminClient, String needle) {
        Map<String, Integer> found = new TreeMap<>();
        for (HeldInClear.Holding holding : HeldInClear.scan(adminClient, Catalogue.load(), null, needle, line -> { })) {
            found.put(holding.topic(), Math.toIntExact(holding.records()));
        }
        return found;
    }
}
