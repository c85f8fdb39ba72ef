package io.govstream.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SoloGateTest {
    @TempDir
    Path dir;

    @Test
    void givenNoGateFileYet_whenItIsWrittenLater_thenTheWaitEndsThenAndNotBefore() throws Exception {
        Path gate = dir.resolve("lanes-passed");
        CompletableFuture<Duration> waited = CompletableFuture.supplyAsync(() -> SoloGate.awaitFile(gate, Duration.ofSeconds(30)));
        // Still waiting while the file is missing: the gate holds until it appears.
        assertThat(waited).as("the wait ended before the file was written").isNotDone();
        Thread.sleep(500); // the time the lanes take, here half a second
        assertThat(waited).as("the wait ended before the file was written").isNotDone();
        Files.writeString(gate, "");
        assertThat(waited.get()).isGreaterThanOrEqualTo(Duration.ofMillis(500));
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
