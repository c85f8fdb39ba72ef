package io.govstream.governance;

import static org.assertj.core.api.Assertions.assertThat;

import io.govstream.runtime.health.EndedTransactions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.apache.kafka.common.errors.InvalidTxnStateException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.junit.jupiter.api.Test;

class StreamThreadFailuresTest {
    private static final Instant T0 = Instant.parse("2026-12-03T00:00:00Z");

    /** As Kafka Streams reports a commit whose transaction the broker had aborted at its timeout. */
    private static StreamsException commitOfAnEndedTransaction() {
        return new StreamsException("Error encountered trying to commit a transaction",
                new InvalidTxnStateException("The producer attempted a transactional operation in an invalid state."));
    }

    @Test
    void givenACommitOfATransactionTheBrokerEnded_whenTheThreadFails_thenItIsReplaced() {
        StreamThreadFailures failures = new StreamThreadFailures(Clock.fixed(T0, ZoneOffset.UTC));
        assertThat(failures.handle(commitOfAnEndedTransaction())).isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
        assertThat(failures.replaced()).as("counted, so health does not report the replaced thread as failed").isEqualTo(1);
    }

    @Test
    void givenAnyOtherFailure_whenTheThreadFails_thenTheClientShutsDown() {
        StreamThreadFailures failures = new StreamThreadFailures(Clock.fixed(T0, ZoneOffset.UTC));
        assertThat(failures.handle(new StreamsException("ledger append failed", new IllegalStateException("head moved"))))
                .isEqualTo(StreamThreadExceptionResponse.SHUTDOWN_CLIENT);
        assertThat(failures.handle(new StreamsException("task timed out", new TimeoutException("no leader"))))
                .isEqualTo(StreamThreadExceptionResponse.SHUTDOWN_CLIENT);
        assertThat(failures.handle(new IllegalArgumentException("a bug")))
                .isEqualTo(StreamThreadExceptionResponse.SHUTDOWN_CLIENT);
        assertThat(failures.replaced()).isZero();
    }

    @Test
    void givenEndedTransactionsOverAndOver_whenMoreThanTheLimitFallInTheWindow_thenTheClientShutsDown() {
        StreamThreadFailures failures = new StreamThreadFailures(Clock.fixed(T0, ZoneOffset.UTC));
        for (int n = 0; n < EndedTransactions.MAX_RESTARTS; n++) {
            assertThat(failures.handle(commitOfAnEndedTransaction())).as("replacement " + (n + 1))
                    .isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
        }
        assertThat(failures.handle(commitOfAnEndedTransaction())).isEqualTo(StreamThreadExceptionResponse.SHUTDOWN_CLIENT);
        assertThat(failures.replaced()).isEqualTo(EndedTransactions.MAX_RESTARTS);
    }
}
