package io.govstream.ledger.export;

import static org.assertj.core.api.Assertions.assertThat;

import io.govstream.events.DispatchResult;
import io.govstream.events.DispatchStatus;
import io.govstream.events.Envelope;
import io.govstream.events.LedgerEntry;
import io.govstream.events.LedgerEntryKind;
import io.govstream.ledger.ChainHead;
import io.govstream.ledger.LedgerChain;
import io.govstream.ledger.LedgerFact;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ExportRowTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void givenARefusalEntry_whenExported_thenItShowsREFUSED_theCommandAndTheReason_andIsNoDecision() {
        DispatchResult refused = DispatchResult.newBuilder()
                .setEnvelope(Envelope.newBuilder().setEventId("r-1").setCorrelationId("c-9").setCausationId("cmd-9")
                        .setTenant("acme").setOccurredAt(T0).setProducer("axon").build())
                .setCommandId("cmd-9").setWorker("axon-1").setStatus(DispatchStatus.REFUSED).setOutput("{}")
                .setError("refused (tampered): the signature does not match the command's content")
                .setStartedAt(T0).setFinishedAt(T0).build();
        LedgerFact fact = new LedgerFact(refused.getEnvelope(), LedgerEntryKind.STATE_CHANGE, "c-9",
                DispatchResult.getClassSchema().getFullName(), LedgerFact.avroBinary(refused));
        LedgerEntry entry = new LedgerChain("test").next(ChainHead.genesis(0), fact, T0);

        ExportRow row = ExportRow.of(entry, 7);

        assertThat(row.effect()).isEqualTo("REFUSED");
        assertThat(row.kind()).isEqualTo("STATE_CHANGE");
        assertThat(row.correlationId()).isEqualTo("c-9");
        assertThat(row.reason()).isEqualTo("command cmd-9 refused by axon-1: refused (tampered): the signature does not match the command's content");
        assertThat(row.target()).isNull();
    }
}
