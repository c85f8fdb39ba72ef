package io.govstream.axon.work;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.govstream.events.DispatchCommand;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ResilientWorkTest {
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final ResilientWork work = new ResilientWork(meters, 3, Duration.ofMillis(1), 10, Duration.ofMinutes(1), Duration.ofSeconds(5));
    private final DispatchCommand command = DispatchCommand.newBuilder()
            .setEnvelope(io.govstream.events.Envelope.newBuilder().setEventId("e").setCorrelationId("c").setCausationId("d")
                    .setTenant("acme").setOccurredAt(java.time.Instant.now()).setProducer("t").build())
            .setCommandId("c1").setDecisionEventId("d").setTarget("axon").setIntent("flaky").setSubject("a").build();

    /** The work of a test intent. */
    private interface Work {
        String handle(DispatchCommand command) throws Exception;
    }

    private static IntentHandler intent(Work work) {
        return new IntentHandler() {
            @Override
            public String intent() {
                return "flaky";
            }

            @Override
            public String handle(DispatchCommand c) throws Exception {
                return work.handle(c);
            }
        };
    }

    private static IntentHandler failing(AtomicInteger calls, int failures, RuntimeException with) {
        return intent(c -> {
            if (calls.incrementAndGet() <= failures) {
                throw with;
            }
            return "{\"ok\":true}";
        });
    }

    @Test
    void givenTwoTransientFailures_whenRun_thenTheThirdAttemptSucceeds() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        assertThat(work.run(failing(calls, 2, new IllegalStateException("timeout")), command)).isEqualTo("{\"ok\":true}");
        assertThat(calls).hasValue(3);
    }

    @Test
    void givenTheCommandsLogContext_whenRun_thenTheWorkLogsWithIt() throws Exception {
        IntentHandler logContext = intent(c -> org.slf4j.MDC.get("correlation_id"));
        org.slf4j.MDC.put("correlation_id", "corr-7");
        try {
            assertThat(work.run(logContext, command)).isEqualTo("corr-7");
        } finally {
            org.slf4j.MDC.clear();
        }
    }

    @Test
    void givenBadInput_whenRun_thenNotRetried_andTheBreakerStaysClosed() {
        AtomicInteger calls = new AtomicInteger();
        for (int i = 0; i < 5; i++) {
            assertThatThrownBy(() -> work.run(failing(calls, 100, new IllegalArgumentException("bad payload")), command))
                    .isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(calls).hasValue(5);
        assertThat(work.state()).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    @Test
    void givenAPersistentFailure_whenRunRepeatedly_thenNotNow_theBreakerOpens_andTheStateIsExported() {
        AtomicInteger calls = new AtomicInteger();
        IntentHandler down = failing(calls, Integer.MAX_VALUE, new IllegalStateException("connection refused"));
        assertThatThrownBy(() -> work.run(down, command)).isInstanceOf(ResilientWork.NotNow.class)
                .hasMessageContaining("connection refused");
        assertThatThrownBy(() -> work.run(down, command)).isInstanceOf(ResilientWork.NotNow.class);
        assertThat(work.state()).isEqualTo(CircuitBreaker.State.OPEN);
        int before = calls.get();
        assertThatThrownBy(() -> work.run(down, command)).isInstanceOf(ResilientWork.NotNow.class)
                .hasMessageContaining("circuit breaker axon-work is open");
        assertThat(calls).as("an open breaker does not call the work").hasValue(before);
        assertThat(meters.get("resilience4j.circuitbreaker.state").tag("name", "axon-work").tag("state", "open").gauge().value())
                .isEqualTo(1.0);
    }

    @Test
    void givenWorkThatHangs_whenRun_thenNotNowAtTheTimeLimit_theWorkIsInterrupted_andTheTimeoutIsCounted() throws Exception {
        ResilientWork limited = new ResilientWork(meters, 3, Duration.ofMillis(1), 10, Duration.ofMinutes(1), Duration.ofMillis(300));
        java.util.concurrent.CountDownLatch interrupted = new java.util.concurrent.CountDownLatch(1);
        AtomicInteger calls = new AtomicInteger();
        IntentHandler hangs = intent(c -> {
            calls.incrementAndGet();
            try {
                new java.util.concurrent.CountDownLatch(1).await(); // work that never ends of itself: only the interrupt stops it
            } catch (InterruptedException e) {
                interrupted.countDown();
            }
            return "{\"late\":true}";
        });
        long start = System.nanoTime();
        assertThatThrownBy(() -> limited.run(hangs, command)).isInstanceOf(ResilientWork.NotNow.class)
                .hasMessage("TimeoutException: the work took longer than 300 ms");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        assertThat(interrupted.await(10, java.util.concurrent.TimeUnit.SECONDS)).as("the hanging work was interrupted").isTrue();
        assertThat(calls).as("a timed-out attempt is not retried within the poll").hasValue(1);
        assertThat(meters.get("resilience4j.timelimiter.calls").tag("name", "axon-work").tag("kind", "timeout").counter().count())
                .isEqualTo(1.0);
    }
}
