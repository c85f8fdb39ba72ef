package io.govstream.ledger;

import io.govstream.events.Effect;
import io.govstream.events.Envelope;
import io.govstream.events.GovernanceDecision;
import io.govstream.events.LedgerEntry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

final class TestFacts {
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private TestFacts() {
    }

    static GovernanceDecision decision(String correlationId, Effect effect) {
        return GovernanceDecision.newBuilder()
                .setEnvelope(Envelope.newBuilder().setEventId("decision-" + correlationId).setCorrelationId(correlationId)
                        .setCausationId("request-" + correlationId).setTenant("acme").setOccurredAt(T0)
                        .setProducer("governance-streams").setTraceparent(null).build())
                .setRequestEventId("request-" + correlationId).setEffect(effect)
                .setPolicySetId("default-dispatch").setPolicyVersion("1").setPolicyHash("sha256:00")
                .setRuleId(effect == Effect.PERMIT ? "permit-orbit-axon" : "default-deny").setReason("because")
                .setSource("orbit").setTarget("axon").setIntent("reason").setSubject("alice").build();
    }

    /** A valid chain of {@code n} decision entries on {@code partition}. */
    static List<LedgerEntry> chain(int partition, int n) {
        LedgerChain chain = new LedgerChain("test");
        ChainHead head = ChainHead.genesis(partition);
        List<LedgerEntry> entries = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            LedgerEntry entry = chain.next(head, LedgerFact.decision(decision("c-" + partition + "-" + i, Effect.PERMIT)), T0.plusSeconds(i));
            entries.add(entry);
            head = ChainHead.after(entry);
        }
        return entries;
    }

    static LedgerEntry copy(LedgerEntry entry) {
        return LedgerEntry.newBuilder(entry).build();
    }
}
