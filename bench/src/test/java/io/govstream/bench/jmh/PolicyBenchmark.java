package io.govstream.bench.jmh;

import io.govstream.policy.Verdict;
import io.sapl.api.pdp.AuthorizationDecision;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * ns per policy decision over the 100-rule set of {@link HundredRules}: govstream (CEL conditions,
 * state from the in-memory state extension) beside SAPL's embedded PDP on the equivalent SAPL
 * set, the same requests in the same order. {@link PolicyEquivalenceTest} checks that both decide alike.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class PolicyBenchmark {
    static final int REQUESTS = 1024;

    private PolicyEngines.Govstream govstream;
    private PolicyEngines.Sapl sapl;
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
        List<HundredRules.Request> requests = HundredRules.requests(REQUESTS);
        govstream = new PolicyEngines.Govstream(requests);
        sapl = new PolicyEngines.Sapl(requests);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        sapl.close();
    }

    @Benchmark
    public Verdict govstream() {
        next = (next + 1) & (REQUESTS - 1);
        return govstream.decide(next);
    }

    @Benchmark
    public AuthorizationDecision sapl() {
        next = (next + 1) & (REQUESTS - 1);
        return sapl.decide(next);
    }
}
