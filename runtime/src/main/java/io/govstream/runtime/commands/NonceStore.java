package io.govstream.runtime.commands;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * Keys of commands seen (their nonces, or their command ids), each kept until its command's expiry:
 * a command presented again within its lifetime is a replay, after it the expiry check refuses it
 * anyway. So the store never needs to remember longer than the signing TTL, and its size is bounded
 * by the commands signed within one TTL, never by a count that a high rate would outrun.
 */
public final class NonceStore {
    private record Seen(String nonce, Instant expiresAt) {
    }

    private final Map<String, Instant> seen = new HashMap<>();
    private final Deque<Seen> byInsertion = new ArrayDeque<>();

    /** True the first time; false for a nonce already seen and not yet expired. */
    public synchronized boolean firstTime(String nonce, Instant expiresAt, Instant now) {
        evict(now);
        if (seen.containsKey(nonce)) {
            return false;
        }
        seen.put(nonce, expiresAt);
        byInsertion.addLast(new Seen(nonce, expiresAt));
        return true;
    }

    /** Forgets a nonce whose command was not committed (an aborted transaction), so its redelivery is not a replay. */
    public synchronized void forget(String nonce) {
        seen.remove(nonce);
    }

    public synchronized int size() {
        return seen.size();
    }

    private void evict(Instant now) {
        // Expiries are roughly in insertion order (same TTL); a late straggler only stays a bit longer.
        while (!byInsertion.isEmpty() && byInsertion.peekFirst().expiresAt().isBefore(now)) {
            Seen oldest = byInsertion.removeFirst();
            seen.remove(oldest.nonce(), oldest.expiresAt());
        }
    }
}
