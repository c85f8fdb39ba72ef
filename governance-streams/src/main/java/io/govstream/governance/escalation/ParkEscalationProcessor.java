package io.govstream.governance.escalation;

import io.govstream.events.PendingEscalation;
import io.govstream.governance.dispatch.Decided;
import io.govstream.policy.Obligations;
import io.govstream.governance.routing.EscalationRoute;
import io.govstream.ledger.LedgerFact;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Parks an ESCALATE decision's request in {@link PendingEscalations#STORE} under its correlation id,
 * with the approvals its rule requires and the deadline (decision time + timeout), and forwards the
 * escalation's route (tenant, deadline) for the vote router. The ESCALATE decision itself goes on to
 * the decisions topic and the ledger like any other; this only adds state.
 */
public final class ParkEscalationProcessor extends ContextualProcessor<String, Decided, String, EscalationRoute> {
    private KeyValueStore<String, PendingEscalation> pending;

    @Override
    public void init(ProcessorContext<String, EscalationRoute> context) {
        super.init(context);
        this.pending = context.getStateStore(PendingEscalations.STORE);
    }

    @Override
    public void process(Record<String, Decided> record) {
        Decided decided = record.value();
        Obligations.Escalation escalation = decided.obligations().escalation();
        if (escalation == null) {
            // The loader refuses ESCALATE rules without obligations: reaching this is a bug, not bad input.
            throw new StreamsException("ESCALATE decision " + record.key() + " by rule " + decided.decision().getRuleId()
                    + " carries no escalation obligations");
        }
        Instant deadline = decided.decision().getEnvelope().getOccurredAt().plus(escalation.timeout());
        pending.put(record.key(), PendingEscalation.newBuilder()
                .setRequest(ByteBuffer.wrap(LedgerFact.avroBinary(decided.request())))
                .setDecision(ByteBuffer.wrap(LedgerFact.avroBinary(decided.decision())))
                .setRequired(new java.util.HashMap<>(escalation.approvals()))
                .setDeadline(deadline)
                .setApprovals(new ArrayList<>())
                .build());
        // Votes name only the correlation id: the route tells the vote router which task holds this escalation.
        context().forward(record.withValue(new EscalationRoute(decided.decision().getEnvelope().getTenant(), deadline)));
    }
}
