package io.govstream.runtime.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthResult;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CachedCheckTest {

    @Test
    void givenARecentAnswer_whenAskedAgain_thenTheDependencyIsNotProbedTwice() throws Exception {
        AtomicInteger probes = new AtomicInteger();
        CachedCheck check = new CachedCheck("dep", Duration.ofMinutes(1), Duration.ofSeconds(1), () -> {
            probes.incrementAndGet();
            return CompletableFuture.completedFuture(Map.of("ok", true));
        }, Clock.systemUTC());
        assertThat(check.result().get().getStatus()).isEqualTo(HealthStatus.UP);
        assertThat(check.result().get().getStatus()).isEqualTo(HealthStatus.UP);
        assertThat(probes).hasValue(1);
    }

    @Test
    void givenADependencyThatNeverAnswers_whenChecked_thenDownNamingTheTimeout() throws Exception {
        CachedCheck check = new CachedCheck("dep", Duration.ZERO, Duration.ofMillis(50), CompletableFuture::new, Clock.systemUTC());
        HealthResult result = check.result().get();
        assertThat(result.getStatus()).isEqualTo(HealthStatus.DOWN);
        assertThat(result.getDetails().toString()).contains("no answer within 50 ms");
    }

    @Test
    void givenAFailingProbe_whenChecked_thenDownWithTheError() throws Exception {
        CachedCheck check = new CachedCheck("dep", Duration.ZERO, Duration.ofSeconds(1),
                () -> CompletableFuture.failedFuture(new IllegalStateException("connection refused")), Clock.systemUTC());
        assertThat(check.result().get().getDetails().toString()).contains("IllegalStateException: connection refused");
    }
}
