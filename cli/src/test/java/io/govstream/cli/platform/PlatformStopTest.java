package io.govstream.cli.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.govstream.cli.client.PlatformException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** How a platform stops: its services side by side, then the broker they all need. */
class PlatformStopTest {

    @Test
    void givenServicesThatEachWaitForTheOthersStop_whenStopped_thenTheyStopSideBySide_andTheBrokerAfterAll() {
        CountDownLatch allStopping = new CountDownLatch(3);
        Set<String> stopped = ConcurrentHashMap.newKeySet();
        List<AutoCloseable> services = List.of(waitingService("orbit", allStopping, stopped),
                waitingService("axon", allStopping, stopped), waitingService("governance", allStopping, stopped));
        Set<String> stoppedBeforeBroker = ConcurrentHashMap.newKeySet();

        EmbeddedPlatform.stop(services, () -> stoppedBeforeBroker.addAll(stopped));

        // One after the other, the first would have waited in vain for the others and failed.
        assertThat(stopped).containsExactlyInAnyOrder("orbit", "axon", "governance");
        assertThat(stoppedBeforeBroker).containsExactlyInAnyOrder("orbit", "axon", "governance");
    }

    @Test
    void givenAServiceThatFailsToStop_whenStopped_thenTheOthersAndTheBrokerStillStop_andEveryFailureIsReported() {
        Set<String> stopped = ConcurrentHashMap.newKeySet();
        List<AutoCloseable> services = List.of(
                () -> {
                    throw new IllegalStateException("orbit would not stop");
                },
                () -> stopped.add("axon"),
                () -> {
                    throw new IllegalStateException("governance would not stop");
                });

        assertThatThrownBy(() -> EmbeddedPlatform.stop(services, () -> stopped.add("broker")))
                .isInstanceOf(PlatformException.class)
                .hasMessageStartingWith("error while stopping the platform: ")
                .satisfies(e -> assertThat(List.of(e.getCause().getMessage(), e.getSuppressed()[0].getMessage()))
                        .containsExactlyInAnyOrder("orbit would not stop", "governance would not stop"));
        assertThat(stopped).containsExactlyInAnyOrder("axon", "broker");
    }

    @Test
    void givenAnInterruptedCaller_whenStopped_thenEveryServiceStillStopsBeforeTheBroker_andTheInterruptIsKept() {
        CountDownLatch release = new CountDownLatch(1);
        Set<String> stopped = ConcurrentHashMap.newKeySet();
        List<AutoCloseable> services = List.of(() -> {
            release.await(10, TimeUnit.SECONDS);
            stopped.add("axon");
        });
        Set<String> stoppedBeforeBroker = ConcurrentHashMap.newKeySet();
        Thread.currentThread().interrupt();
        // The service stops once the caller waits for it: its wait is interrupted (the flag was set before), and goes on.
        Thread caller = Thread.currentThread();
        Thread releaser = new Thread(() -> {
            while (caller.getState() != Thread.State.WAITING) {
                Thread.onSpinWait();
            }
            release.countDown();
        });
        releaser.start();
        try {
            EmbeddedPlatform.stop(services, () -> stoppedBeforeBroker.addAll(stopped));

            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
        assertThat(stoppedBeforeBroker).containsExactly("axon");
    }

    /** A service whose stop takes until every service is stopping (at most 10 s), then records itself. */
    private static AutoCloseable waitingService(String name, CountDownLatch allStopping, Set<String> stopped) {
        return () -> {
            allStopping.countDown();
            if (!allStopping.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException(name + " waited in vain for the other services to stop");
            }
            stopped.add(name);
        };
    }
}
