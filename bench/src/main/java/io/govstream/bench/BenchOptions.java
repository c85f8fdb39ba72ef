package io.govstream.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * What one {@code govctl bench} run measures.
 *
 * @param requests        requests preloaded for each maximum-throughput run
 * @param latencyDuration how long each fixed-load latency run offers load
 * @param commitIntervals commit.interval.ms values of the latency runs
 * @param partitions      partitions of the requests (and ledger) topics
 * @param workDir         broker data and state stores (removed at the end)
 */
public record BenchOptions(int requests, Duration latencyDuration, List<Integer> commitIntervals, int partitions, Path workDir) {

    public static BenchOptions full(Path workDir) {
        return new BenchOptions(100_000, Duration.ofSeconds(20), List.of(100, 20, 5), 3, workDir);
    }

    /** A smoke run: checks the harness works end to end; its figures mean nothing. */
    public static BenchOptions quick(Path workDir) {
        return new BenchOptions(2_000, Duration.ofSeconds(3), List.of(100), 3, workDir);
    }

    public boolean isQuick() {
        return requests < 10_000;
    }
}
