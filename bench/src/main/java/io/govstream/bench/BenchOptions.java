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
 * @param rounds          throughput rounds; each round runs every app once, the baseline first and the two
 *                        platform variants in turns right after it (an even number balances them), and an
 *                        app's figure is the median of its rounds
 * @param latencyRuns     whether the fixed-load latency runs follow the throughput rounds
 * @param instances       above 1, each round also runs the shipped platform as that many Kafka Streams instances in one
 *                        group (one stream thread each, in this process), last in the round
 */
public record BenchOptions(int requests, Duration latencyDuration, List<Integer> commitIntervals, int partitions, Path workDir,
                           int rounds, boolean latencyRuns, int instances) {

    public BenchOptions {
        if (rounds < 1) {
            throw new IllegalArgumentException("rounds must be >= 1, was " + rounds);
        }
        if (instances < 1 || instances > partitions) {
            throw new IllegalArgumentException("instances must be 1 to the partition count " + partitions + " (more sit idle), was "
                    + instances);
        }
    }

    public static BenchOptions full(Path workDir) {
        return new BenchOptions(100_000, Duration.ofSeconds(20), List.of(100, 20, 5), 3, workDir, 1, true, 1);
    }

    /** A smoke run: checks the harness works end to end; its figures mean nothing. */
    public static BenchOptions quick(Path workDir) {
        return new BenchOptions(2_000, Duration.ofSeconds(3), List.of(100), 3, workDir, 1, true, 1);
    }

    public boolean isQuick() {
        return requests < 10_000;
    }
}
