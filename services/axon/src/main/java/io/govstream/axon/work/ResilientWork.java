package io.govstream.axon.work;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.github.resilience4j.micrometer.tagged.TaggedRetryMetrics;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.retry.RetryRegistry;
import io.github.resilience4j.timelimiter.TimeLimiter;
import io.github.resilience4j.timelimiter.TimeLimiterConfig;
import io.github.resilience4j.timelimiter.TimeLimiterRegistry;
import io.github.resilience4j.micrometer.tagged.TaggedTimeLimiterMetrics;
import io.govstream.events.DispatchCommand;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeoutException;
import org.slf4j.MDC;

/**
 * The work of one command, guarded: a few quick retries with exponential backoff and jitter
 * inside the poll, around a circuit breaker that stops hammering a dependency that keeps
 * failing. Bad input ({@link IllegalArgumentException}) is permanent: neither retried nor
 * counted against the breaker. The whole of it, retries included, is limited in time: work that
 * takes longer is interrupted and counts as failed for now, so that no command can hold the
 * worker's transaction past its timeout. What still fails is the caller's to schedule on the retry
 * topic.
 */
final class ResilientWork {
    static final String NAME = "axon-work";

    /** The work failed in a way a later attempt may fix (transient error, or the breaker is open). */
    static final class NotNow extends Exception {
        NotNow(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final CircuitBreaker breaker;
    private final Retry retry;
    private final TimeLimiter limiter;
    private final Duration limit;
    /** A thread per running work: one whose work ignores the interrupt keeps its thread, and the next work gets another. */
    private final ExecutorService workers = Executors.newCachedThreadPool(work -> {
        Thread thread = new Thread(work, "axon-work");
        thread.setDaemon(true);
        return thread;
    });

    ResilientWork(MeterRegistry meters, int attempts, Duration firstBackoff, int breakerWindow, Duration openFor, Duration limit) {
        CircuitBreakerRegistry breakers = CircuitBreakerRegistry.of(CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(breakerWindow)
                .minimumNumberOfCalls(Math.max(1, breakerWindow / 2))
                .failureRateThreshold(50)
                .waitDurationInOpenState(openFor)
                .permittedNumberOfCallsInHalfOpenState(1)
                .ignoreExceptions(IllegalArgumentException.class)
                .build());
        RetryRegistry retries = RetryRegistry.of(RetryConfig.custom()
                .maxAttempts(attempts)
                .intervalFunction(IntervalFunction.ofExponentialRandomBackoff(firstBackoff, 2.0, 0.5))
                .retryOnException(e -> !(e instanceof IllegalArgumentException) && !(e instanceof CallNotPermittedException))
                .build());
        TimeLimiterRegistry limiters = TimeLimiterRegistry.of(TimeLimiterConfig.custom().timeoutDuration(limit).cancelRunningFuture(true).build());
        this.breaker = breakers.circuitBreaker(NAME);
        this.retry = retries.retry(NAME);
        this.limiter = limiters.timeLimiter(NAME);
        this.limit = limit;
        TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(breakers).bindTo(meters);
        TaggedRetryMetrics.ofRetryRegistry(retries).bindTo(meters);
        TaggedTimeLimiterMetrics.ofTimeLimiterRegistry(limiters).bindTo(meters);
    }

    CircuitBreaker.State state() {
        return breaker.getState();
    }

    /**
     * @throws IllegalArgumentException the command cannot be done (bad input): a FAILED result
     * @throws NotNow                   try again later
     */
    String run(IntentHandler handler, DispatchCommand command) throws NotNow {
        var guarded = Retry.decorateCheckedSupplier(retry, CircuitBreaker.decorateCheckedSupplier(breaker, () -> handler.handle(command)));
        Map<String, String> logContext = MDC.getCopyOfContextMap(); // the command's correlation id, tenant, trace
        try {
            return limiter.executeFutureSupplier(() -> workers.submit(() -> {
                MDC.setContextMap(logContext == null ? Map.of() : logContext);
                try {
                    return guarded.get();
                } catch (Exception | Error e) {
                    throw e;
                } catch (Throwable e) {
                    throw new IllegalStateException(e);
                } finally {
                    MDC.clear();
                }
            }));
        } catch (IllegalArgumentException | Error e) {
            throw e;
        } catch (CallNotPermittedException e) {
            throw new NotNow("circuit breaker " + NAME + " is open", e);
        } catch (TimeoutException e) {
            throw new NotNow("TimeoutException: the work took longer than " + limit.toMillis() + " ms", e);
        } catch (Exception e) {
            throw new NotNow(e.getClass().getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    /** Interrupts work still running (the worker is stopping). */
    void close() {
        workers.shutdownNow();
    }
}
