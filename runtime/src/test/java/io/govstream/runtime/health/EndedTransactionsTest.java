package io.govstream.runtime.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.InvalidTxnStateException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;

class EndedTransactionsTest {
    @Test
    void givenExceptions_whenAsked_thenOnlyThoseSayingTheBrokerEndedTheTransactionCount_asCauseToo() {
        assertThat(EndedTransactions.ended(new ProducerFencedException("epoch bumped"))).isTrue();
        assertThat(EndedTransactions.ended(new KafkaException("commit failed", new InvalidTxnStateException("not ongoing")))).isTrue();
        assertThat(EndedTransactions.ended(new KafkaException("send failed", new TimeoutException("no leader")))).isFalse();
        assertThat(EndedTransactions.ended(new IllegalStateException("a bug"))).isFalse();
    }

    @Test
    void givenEndedTransactionsOverAndOver_whenMoreThanTheLimitFallInTheWindow_thenNoMoreRestarts_untilTheFirstLeavesIt() {
        MutableClock clock = new MutableClock();
        EndedTransactions ended = new EndedTransactions(clock);
        for (int n = 0; n < EndedTransactions.MAX_RESTARTS; n++) {
            assertThat(ended.tryRestart()).as("restart " + (n + 1)).isTrue();
            assertThat(ended.inWindow()).isEqualTo(n + 1);
            clock.advance(Duration.ofSeconds(30));
        }
        assertThat(ended.tryRestart()).isFalse();
        assertThat(ended.restarts()).as("a refused restart is not counted").isEqualTo(EndedTransactions.MAX_RESTARTS);

        clock.advance(EndedTransactions.WINDOW.minusSeconds(3 * 30).plusSeconds(1)); // to 1 s after the first restart left it
        assertThat(ended.tryRestart()).as("the first restart left the window").isTrue();
        assertThat(ended.inWindow()).isEqualTo(EndedTransactions.MAX_RESTARTS);
        assertThat(ended.restarts()).isEqualTo(EndedTransactions.MAX_RESTARTS + 1);
    }
}
