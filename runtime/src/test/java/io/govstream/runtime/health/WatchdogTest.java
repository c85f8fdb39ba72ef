package io.govstream.runtime.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.health.HealthStatus;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class WatchdogTest {
    private final MutableClock clock = new MutableClock();
    private final Watchdog watchdog = new Watchdog(Duration.ofSeconds(60), clock);

    @Test
    void givenALoopThatBeats_whenChecked_thenLive() {
        Watchdog.Heartbeat beat = watchdog.register("worker");
        clock.advance(Duration.ofSeconds(59));
        beat.beat();
        clock.advance(Duration.ofSeconds(30));
        assertThat(watchdog.check().getStatus()).isEqualTo(HealthStatus.UP);
    }

    @Test
    void givenALoopSilentLongerThanTheLimit_whenChecked_thenWedgedAndNotLive() {
        watchdog.register("worker");
        clock.advance(Duration.ofSeconds(61));
        assertThat(watchdog.check().getStatus()).isEqualTo(HealthStatus.DOWN);
        assertThat(watchdog.check().getDetails().toString()).contains("worker=wedged: no loop for 61 s");
    }

    @Test
    void givenALoopThatDied_whenChecked_thenNotLiveWithTheReason() {
        watchdog.register("worker").died("IllegalStateException: boom");
        assertThat(watchdog.check().getStatus()).isEqualTo(HealthStatus.DOWN);
        assertThat(watchdog.check().getDetails().toString()).contains("died: IllegalStateException: boom");
    }

    @Test
    void givenALoopStoppedOnShutdown_whenSilentForLong_thenStillLive() {
        watchdog.register("worker").stop();
        clock.advance(Duration.ofHours(1));
        assertThat(watchdog.check().getStatus()).isEqualTo(HealthStatus.UP);
    }
}
