package io.govstream.bench.jmh;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The JMH benchmarks' operations timed in CPU time of the measuring thread instead of wall time:
 * on a machine shared with other work, a descheduled thread inflates JMH's ns/op but not its CPU
 * time. Not a replacement for JMH (no forks, no dead-code guard beyond a checksum); a cross-check
 * when the machine is busy. Run: {@code bench/jmh} builds the classpath, then
 * {@code java -cp bench/target/test-classes:bench/target/classes:$(cat bench/target/jmh.classpath)
 * io.govstream.bench.jmh.CpuTimeRun [seconds per operation]}.
 */
public final class CpuTimeRun {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private CpuTimeRun() {
    }

    public static void main(String[] args) throws Exception {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 5;
        PolicyBenchmark policy = new PolicyBenchmark();
        policy.setUp();
        AvroSerdeBenchmark serde = new AvroSerdeBenchmark();
        serde.setUp();
        LedgerBenchmark ledger = new LedgerBenchmark();
        ledger.setUp();
        DecisionTracingBenchmark tracing = new DecisionTracingBenchmark();
        tracing.setUp();
        Blackhole sink = new Blackhole("Today's password is swordfish. I understand instantiating Blackholes directly is dangerous.");

        Map<String, Op> ops = new LinkedHashMap<>();
        ops.put("PolicyBenchmark.govstream", new Op(1, policy::govstream));
        ops.put("PolicyBenchmark.sapl", new Op(1, policy::sapl));
        ops.put("AvroSerdeBenchmark.dispatchRequestedRoundTrip", new Op(1, serde::dispatchRequestedRoundTrip));
        ops.put("AvroSerdeBenchmark.governanceDecisionRoundTrip", new Op(1, serde::governanceDecisionRoundTrip));
        ops.put("LedgerBenchmark.append", new Op(LedgerBenchmark.ENTRIES, ledger::append));
        ops.put("LedgerBenchmark.hashAndFrontier", new Op(LedgerBenchmark.ENTRIES, ledger::hashAndFrontier));
        ops.put("LedgerBenchmark.verify", new Op(LedgerBenchmark.ENTRIES, ledger::verify));
        ops.put("LedgerBenchmark.plainSha256", new Op(LedgerBenchmark.ENTRIES, () -> {
            ledger.plainSha256(sink);
            return null;
        }));
        ops.put("LedgerBenchmark.headStoreRoundTrip", new Op(1, ledger::headStoreRoundTrip));
        ops.put("LedgerBenchmark.signCheckpoint", new Op(1, ledger::signCheckpoint));
        ops.put("DecisionTracingBenchmark.untraced", new Op(1, tracing::untraced));
        ops.put("DecisionTracingBenchmark.tracingOff", new Op(1, tracing::tracingOff));
        ops.put("DecisionTracingBenchmark.tracingOn", new Op(1, tracing::tracingOn));

        System.out.printf("%-48s %14s %14s %12s%n", "operation", "CPU ns/op", "wall ns/op", "ops timed");
        long checksum = 0;
        for (Map.Entry<String, Op> op : ops.entrySet()) {
            checksum += run(op.getValue(), seconds, false)[2]; // warm-up, as long as the measurement
            long[] measured = run(op.getValue(), seconds, true);
            double perOp = (double) measured[2] * op.getValue().perInvocation;
            System.out.printf("%-48s %,14.0f %,14.0f %,12.0f%n", op.getKey(), measured[0] / perOp, measured[1] / perOp, perOp);
        }
        policy.tearDown();
        tracing.tearDown();
        System.out.println("(checksum " + checksum + ")");
    }

    /** {cpu ns, wall ns, invocations} over about {@code seconds} of wall time. */
    private static long[] run(Op op, double seconds, boolean measure) {
        long wallLimit = (long) (seconds * 1e9);
        long cpu0 = THREADS.getCurrentThreadCpuTime();
        long wall0 = System.nanoTime();
        long n = 0;
        int hashes = 0;
        while (System.nanoTime() - wall0 < wallLimit) {
            for (int i = 0; i < 16; i++) {
                Object result = op.body.get();
                hashes += result == null ? 0 : System.identityHashCode(result) & 1;
            }
            n += 16;
        }
        return new long[] {THREADS.getCurrentThreadCpuTime() - cpu0, System.nanoTime() - wall0, measure ? n : hashes};
    }

    private record Op(int perInvocation, Supplier<Object> body) {
    }
}
