package io.govstream.governance;

import io.govstream.runtime.health.EndedTransactions;
import java.time.Clock;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What becomes of a stream thread that an exception escaped.
 *
 * <p>A transaction the broker ended under the thread ({@link EndedTransactions}) is replaced by a new
 * thread with a new producer, which redoes the aborted work exactly once; shutting the client down
 * instead left the instance idle for good (seen after a controller's SIGKILL in the cluster crash
 * test). More than {@link EndedTransactions#MAX_RESTARTS} in its window, and the client shuts down.
 *
 * <p>Every other exception shuts the client down (state ERROR) rather than replacing the thread: a
 * task that failed to append to the ledger would fail again, and an unhealthy process is what
 * operators and health checks should see.
 */
final class StreamThreadFailures implements StreamsUncaughtExceptionHandler {
    private static final Logger LOG = LoggerFactory.getLogger(StreamThreadFailures.class);

    private final EndedTransactions ended;

    StreamThreadFailures(Clock clock) {
        this.ended = new EndedTransactions(clock);
    }

    @Override
    public StreamThreadExceptionResponse handle(Throwable exception) {
        if (EndedTransactions.ended(exception) && ended.tryRestart()) {
            LOG.warn("governance-streams stream thread failed on a transaction the broker ended; replacing it ({} of at most {} in {})",
                    ended.inWindow(), EndedTransactions.MAX_RESTARTS, EndedTransactions.WINDOW, exception);
            return StreamThreadExceptionResponse.REPLACE_THREAD;
        }
        LOG.error("governance-streams stream thread failed; shutting the client down", exception);
        return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
    }

    /** How many failed stream threads were replaced, since the start. */
    int replaced() {
        return ended.restarts();
    }
}
