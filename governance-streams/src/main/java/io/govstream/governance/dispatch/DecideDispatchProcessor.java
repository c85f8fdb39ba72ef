package io.govstream.governance.dispatch;

import io.govstream.events.DispatchRequested;
import io.govstream.events.GovernanceDecision;
import io.govstream.governance.TraceHeaders;
import io.govstream.governance.policy.PolicySource;
import java.time.Instant;
import java.util.Objects;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Decides each decoded request under the policy set in force, re-keys it by correlation id and
 * sets the {@code correlation-id} and {@code traceparent} headers every downstream record carries.
 */
public final class DecideDispatchProcessor<K> implements Processor<K, DispatchRequested, String, Decided> {
    private final PolicySource policies;
    private final DispatchDecider decider;
    private ProcessorContext<String, Decided> context;

    public DecideDispatchProcessor(PolicySource policies, DispatchDecider decider) {
        this.policies = Objects.requireNonNull(policies, "policies");
        this.decider = Objects.requireNonNull(decider, "decider");
    }

    @Override
    public void init(ProcessorContext<String, Decided> context) {
        this.context = context;
    }

    @Override
    public void process(Record<K, DispatchRequested> record) {
        DispatchRequested request = record.value();
        GovernanceDecision decision = decider.decide(request, policies.current(), Instant.ofEpochMilli(context.currentSystemTimeMs()));
        String correlationId = decision.getEnvelope().getCorrelationId();
        Record<String, Decided> out = new Record<>(correlationId, new Decided(request, decision), record.timestamp(), record.headers());
        TraceHeaders.set(out.headers(), correlationId, request.getEnvelope().getTraceparent());
        context.forward(out);
    }
}
