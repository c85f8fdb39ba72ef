package io.govstream.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SoloGateTest {
    @TempDir
    Path dir;

    @Test
    void givenNoGateFileYet_whenItIsWrittenLater_thenTheWaitEndsThenAndNotBefore() throws Exception {
        Path gate = dir.resolve("lanes-passed");
        CompletableFuture<Duration> waited = CompletableFuture.supplyAsync(() -> SoloGate.awaitFile(gate, Duration.ofSeconds(30)));
        // Still waiting, the whole time the file is missing (the lanes' time, here half a second): the gate holds.
        Awaitility.await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5)).until(() -> !waited.isDone());
        Files.writeString(gate, "");
        assertThat(waited.get(10, TimeUnit.SECONDS)).as("it waited while the file was missing").isGreaterThanOrEqualTo(Duration.ofMillis(500));
    }

    @Test
    void givenAGateFileThatNeverComes_whenTheLimitPasses_thenItFailsNamingTheFile() {
        Path gate = dir.resolve("never");
        assertThatThrownBy(() -> SoloGate.awaitFile(gate, Duration.ofMillis(600)))
                .isInstanceOf(AssertionError.class).hasMessageContaining(gate.toString()).hasMessageContaining("did not pass within");
    }

    @Test
    void givenAFileAlreadyThere_whenAwaited_thenItReturnsAtOnce() throws Exception {
        Path gate = Files.writeString(dir.resolve("lanes-passed"), "");
        assertThat(SoloGate.awaitFile(gate, Duration.ofSeconds(30))).isLessThan(Duration.ofSeconds(5));
    }
}
