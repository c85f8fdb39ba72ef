package io.govstream.runtime.health;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.InvalidTxnStateException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.TransactionAbortedException;

/**
 * Transactions the broker ended under a live process, and how often the process may start over
 * after one.
 *
 * <p>When a Kafka node fails, a transaction's sends can wait for the new leaders longer than the
 * transaction's timeout; the broker then aborts the transaction and bumps the producer's epoch, and
 * the producer's next call fails ({@link ProducerFencedException}, {@link InvalidTxnStateException}
 * and their kin). Nothing of the aborted transaction is visible, so a new producer (a new stream
 * thread, in Kafka Streams) redoes its work exactly once. Up to {@link #MAX_RESTARTS} such restarts
 * in {@link #WINDOW}; more mean the cause is not passing (or a second process runs with the same
 * transactional id and the two fence each other), and the process should stop and say so.
 */
public final class EndedTransactions {
    public static final int MAX_RESTARTS = 3;
    public static final Duration WINDOW = Duration.ofMinutes(10);

    private final Clock clock;
    private final Deque<Instant> recent = new ArrayDeque<>();
    private int restarts;

    public EndedTransactions(Clock clock) {
        this.clock = clock;
    }

    /** Whether {@code exception}, or one of its causes, says the broker ended the transaction or fenced its producer. */
    public static boolean ended(Throwable exception) {
        for (Throwable cause = exception; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof InvalidTxnStateException || cause instanceof InvalidProducerEpochException
                    || cause instanceof ProducerFencedException || cause instanceof TransactionAbortedException) {
                return true;
            }
        }
        return false;
    }

    /** Counts one more restart and says yes, unless {@link #MAX_RESTARTS} are already in the last {@link #WINDOW}. */
    public synchronized boolean tryRestart() {
        Instant now = clock.instant();
        while (!recent.isEmpty() && !recent.peekFirst().isAfter(now.minus(WINDOW))) {
            recent.removeFirst();
        }
        if (recent.size() >= MAX_RESTARTS) {
            return false;
        }
        recent.addLast(now);
        restarts++;
        return true;
    }

    /** Restarts within the last {@link #WINDOW}, this one included, for log lines. */
    public synchronized int inWindow() {
        return recent.size();
    }

    /** Restarts since the start. */
    public synchronized int restarts() {
        return restarts;
    }
}
