package io.govstream.bench.jmh;

import io.govstream.events.DispatchRequested;
import io.govstream.events.GovernanceDecision;
import io.govstream.schemas.registry.InMemorySchemaRegistryClient;
import io.govstream.schemas.serde.AvroSerde;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * ns per event for the platform's {@link AvroSerde} (Confluent wire format, in-memory registry
 * client): encode then decode of a request and of a decision, as the decide task does for each.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class AvroSerdeBenchmark {
    private static final String REQUESTS = "governance.dispatch.requests";
    private static final String DECISIONS = "governance.decisions";

    private AvroSerde<DispatchRequested> requests;
    private AvroSerde<GovernanceDecision> decisions;
    private DispatchRequested request;
    private GovernanceDecision decision;
    private byte[] requestBytes;

    @Setup
    public void setUp() {
        InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();
        requests = AvroSerde.forValue(DispatchRequested.class, registry);
        decisions = AvroSerde.forValue(GovernanceDecision.class, registry);
        request = BenchEvents.request(7);
        decision = BenchEvents.decision(7);
        requestBytes = requests.encode(REQUESTS, request);
    }

    @Benchmark
    public DispatchRequested dispatchRequestedRoundTrip() {
        return requests.decode(REQUESTS, requests.encode(REQUESTS, request));
    }

    @Benchmark
    public GovernanceDecision governanceDecisionRoundTrip() {
        return decisions.decode(DECISIONS, decisions.encode(DECISIONS, decision));
    }

    @Benchmark
    public byte[] governanceDecisionEncode() {
        return decisions.encode(DECISIONS, decision);
    }

    @Benchmark
    public DispatchRequested dispatchRequestedDecode() {
        return requests.decode(REQUESTS, requestBytes);
    }
}
