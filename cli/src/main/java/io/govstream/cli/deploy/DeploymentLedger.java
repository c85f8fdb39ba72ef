package io.govstream.cli.deploy;

import io.govstream.cli.ledger.LedgerCli;
import io.govstream.cli.client.PlatformKek;
import io.govstream.events.LedgerEntry;
import io.govstream.events.deployment.DeploymentDecision;
import io.govstream.events.deployment.DeploymentEvent;
import io.govstream.ledger.KafkaLedgerReader;
import io.govstream.ledger.LedgerRecord;
import io.govstream.ledger.PayloadDecoder;
import io.govstream.ledger.export.ExportRow;
import io.govstream.topology.Catalogue;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The deployment part of the ledger: every deployment event and gate decision, in chain order per
 * partition (a service's entries all sit in one partition, in the order the gate saw them). The
 * ledger is the record of truth: status and history read it, not some side table. Reads
 * incrementally: {@link #refresh()} picks up only what was appended since the last call.
 */
final class DeploymentLedger {
    private static final String EVENT = DeploymentEvent.getClassSchema().getFullName();
    private static final String DECISION = DeploymentDecision.getClassSchema().getFullName();

    /** One ledger entry about deployments: the event's inner record (PromotionRequested, ...) or a DeploymentDecision. */
    record Entry(Instant at, int partition, long sequence, String correlationId, Object payload) {
    }

    private final LedgerCli cli;
    private final KafkaLedgerReader reader;
    private final Map<Integer, Long> next = new HashMap<>();
    private final List<Entry> entries = new ArrayList<>();

    private final ExportRow.Reveal reveal;

    /**
     * @param catalogue the cluster's catalogue (the ledger topic's name)
     * @param kek   the platform's key-encryption key, where it is kept: with it, the names in requests,
     *              votes and decisions read decrypted (or "[erased]"); without it they stay ciphertext tokens
     * @param notes hears why they stay encrypted when the data dir has a KEK that is not at hand
     */
    DeploymentLedger(Map<String, Object> client, Catalogue catalogue, PlatformKek kek, Consumer<String> notes) {
        this.cli = new LedgerCli(client, catalogue, null, null, null);
        this.reader = cli.ledgerReader();
        this.reveal = cli.reveal(kek, notes);
    }

    /** Reads what was appended since the last call; returns every deployment entry so far. */
    List<Entry> refresh() {
        List<LedgerRecord> records = new ArrayList<>();
        reader.replay(null, Map.copyOf(next), records::add);
        for (LedgerRecord record : records) {
            next.put(record.partition(), record.offset() + 1);
            LedgerEntry entry = cli.entry(record.value());
            Object payload = null;
            if (EVENT.equals(entry.getPayloadType())) {
                payload = ((DeploymentEvent) reveal.apply(entry, PayloadDecoder.decode(entry, DeploymentEvent.class))).getEvent();
            } else if (DECISION.equals(entry.getPayloadType())) {
                payload = reveal.apply(entry, PayloadDecoder.decode(entry, DeploymentDecision.class));
            }
            if (payload != null) {
                entries.add(new Entry(entry.getEnvelope().getOccurredAt(), entry.getPartition(), entry.getSequence(),
                        entry.getEnvelope().getCorrelationId(), payload));
            }
        }
        return List.copyOf(entries);
    }
}
