package io.govstream.bench.jmh;

import io.govstream.events.DispatchRequested;
import io.govstream.events.GovernanceDecision;
import io.govstream.governance.dispatch.DecideDispatchProcessor;
import io.govstream.governance.dispatch.DispatchDecider;
import io.govstream.policy.PolicyLoader;
import io.govstream.policy.PolicySet;
import io.govstream.runtime.tracing.Tracing;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.time.Instant;
import java.util.Collection;
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
 * ns per decision as the decide processor takes it (the shipped default policy, the decision's
 * envelope and claims) with tracing off and on: the span started as child of the request's
 * traceparent, the decision written under the span's traceparent, its attributes set, the span
 * ended. On = the SDK with the batch processor services use, exporting to nowhere (the export
 * itself runs on the processor's own thread, not the stream thread).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class DecisionTracingBenchmark {
    static final int REQUESTS = 1024;
    private static final Instant NOW = Instant.parse("2026-11-22T12:00:01Z");

    private final DispatchDecider decider = new DispatchDecider(DispatchDecider.DEFAULT_MAX_AGE);
    private final PolicySet policy = PolicyLoader.loadDefault();
    private final DispatchRequested[] requests = new DispatchRequested[REQUESTS];
    private OpenTelemetrySdk sdk;
    private Tracing on;
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
        for (int n = 0; n < REQUESTS; n++) {
            requests[n] = BenchEvents.request(n);
        }
        sdk = OpenTelemetrySdk.builder().setTracerProvider(SdkTracerProvider.builder()
                .addSpanProcessor(BatchSpanProcessor.builder(new Dropping()).build()).build()).build();
        on = Tracing.using(sdk);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        sdk.close();
    }

    /** The decision as it was taken before spans existed: the baseline of tracingOff. */
    @Benchmark
    public GovernanceDecision untraced() {
        next = (next + 1) & (REQUESTS - 1);
        return decider.outcome(requests[next], policy, NOW, null).decision();
    }

    @Benchmark
    public GovernanceDecision tracingOff() {
        return decide(Tracing.off());
    }

    @Benchmark
    public GovernanceDecision tracingOn() {
        return decide(on);
    }

    /** What DecideDispatchProcessor does around the decider. */
    private GovernanceDecision decide(Tracing tracing) {
        next = (next + 1) & (REQUESTS - 1);
        DispatchRequested request = requests[next];
        try (Tracing.Hop hop = tracing.startIfOn(DecideDispatchProcessor.SPAN, SpanKind.CONSUMER, request.getEnvelope().getTraceparent())) {
            GovernanceDecision decision = decider.outcome(request, policy, NOW, null, null, hop.traceparent()).decision();
            if (hop.span().isRecording()) {
                hop.attribute(Tracing.CORRELATION_ID, decision.getEnvelope().getCorrelationId())
                        .attribute(Tracing.TENANT, decision.getEnvelope().getTenant()).attribute(Tracing.TARGET, decision.getTarget())
                        .attribute(Tracing.INTENT, decision.getIntent()).attribute(Tracing.EFFECT, decision.getEffect().name())
                        .attribute(Tracing.RULE, decision.getRuleId()).attribute(Tracing.POLICY_VERSION, decision.getPolicyVersion());
            }
            return decision;
        }
    }

    /** An exporter that sends nothing. */
    private static final class Dropping implements SpanExporter {
        @Override
        public CompletableResultCode export(Collection<SpanData> spans) {
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode flush() {
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode shutdown() {
            return CompletableResultCode.ofSuccess();
        }
    }
}
