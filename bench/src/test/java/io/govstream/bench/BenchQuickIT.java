package io.govstream.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The harness works end to end (quick mode); it asserts nothing about speed. */
@Timeout(600)
class BenchQuickIT {
    @TempDir
    Path work;

    @Test
    void givenQuickMode_whenBenchRuns_thenEveryAppDecidesEveryRequest_andTheReportHasEveryFigure() throws Exception {
        StringWriter progress = new StringWriter();
        BenchReport report = Bench.run(BenchOptions.quick(work), new PrintWriter(progress));

        assertThat(report.throughput()).hasSize(3).allSatisfy(t -> {
            assertThat(t.decisions()).isEqualTo(2_000);
            assertThat(t.decisionsPerSecond()).isPositive();
        });
        assertThat(report.latency()).hasSize(2).allSatisfy(l -> {
            assertThat(l.complete()).as(l.app()).isTrue();
            assertThat(l.measured()).isPositive();
            assertThat(l.p99Ms()).isGreaterThanOrEqualTo(l.p50Ms());
        });
        String markdown = report.markdown("govctl bench --quick");
        assertThat(markdown).contains("| baseline (same I/O, no governance) |").contains("Platform / baseline")
                .contains("commit.interval.ms").contains("Quick mode")
                .contains("decisions/s min–max").contains("Per round")
                .contains("What each app does").contains("sign each permitted command (Ed25519").contains("encrypt personal fields");
        assertThat(report.json("govctl bench --quick")).contains("\"platformToBaseline\"").contains("\"latency\"");
    }
}
