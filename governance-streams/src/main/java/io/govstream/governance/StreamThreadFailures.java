package io.govstream.governance;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.InvalidTxnStateException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.TransactionAbortedException;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What becomes of a stream thread that an exception escaped.
 *
 * <p>A transaction the broker ended under the thread is replaced by a new thread: when a Kafka node
 * fails, a stream thread's sends can wait for the new leaders longer than the transaction's timeout,
 * the broker aborts the transaction, and the commit then fails ({@link InvalidTxnStateException} and
 * its kin). Nothing of the aborted transaction is visible, so a new thread with a new producer redoes
 * its work exactly once; shutting the client down instead left the instance idle for good (seen
 * after a controller's SIGKILL in the cluster crash test). Up to {@link #MAX_REPLACEMENTS} such
 * replacements in {@link #WINDOW}; more mean the cause is not passing, and the client shuts down.
 *
 * <p>Every other exception shuts the client down (state ERROR) rather than replacing the thread: a
 * task that failed to append to the ledger would fail again, and an unhealthy process is what
 * operators and health checks should see.
 */
final class StreamThreadFailures implements StreamsUncaughtExceptionHandler {
    static final int MAX_REPLACEMENTS = 3;
    static final Duration WINDOW = Duration.ofMinutes(10);
    private static final Logger LOG = LoggerFactory.getLogger(StreamThreadFailures.class);

    private final Clock clock;
    private final Deque<Instant> replacements = new ArrayDeque<>();
    private int replaced;

    StreamThreadFailures(Clock clock) {
        this.clock = clock;
    }

    @Override
    public synchronized StreamThreadExceptionResponse handle(Throwable exception) {
        Instant now = clock.instant();
        while (!replacements.isEmpty() && !replacements.peekFirst().isAfter(now.minus(WINDOW))) {
            replacements.removeFirst();
        }
        if (endedTransaction(exception) && replacements.size() < MAX_REPLACEMENTS) {
            replacements.addLast(now);
            replaced++;
            LOG.warn("governance-streams stream thread failed on a transaction the broker ended; replacing it ({} of at most {} in {})",
                    replacements.size(), MAX_REPLACEMENTS, WINDOW, exception);
            return StreamThreadExceptionResponse.REPLACE_THREAD;
        }
        LOG.error("governance-streams stream thread failed; shutting the client down", exception);
        return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
    }

    /** How many failed stream threads were replaced, since the start. */
    synchronized int replaced() {
        return replaced;
    }

    private static boolean endedTransaction(Throwable exception) {
        for (Throwable cause = exception; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof InvalidTxnStateException || cause instanceof InvalidProducerEpochException
                    || cause instanceof ProducerFencedException || cause instanceof TransactionAbortedException) {
                return true;
            }
        }
        return false;
    }
}
