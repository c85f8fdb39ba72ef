package io.govstream.ledger.checkpoint;

import com.google.crypto.tink.KeysetHandle;
import io.govstream.events.Effect;
import io.govstream.events.Envelope;
import io.govstream.events.GovernanceDecision;
import io.govstream.events.LedgerCheckpoint;
import io.govstream.events.LedgerEntry;
import io.govstream.ledger.ChainHead;
import io.govstream.ledger.LedgerChain;
import io.govstream.ledger.LedgerFact;
import io.govstream.ledger.LedgerHead;
import io.govstream.secrets.SigningKeyFiles;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Chains and checkpoints for the checkpoint and proof tests. */
public final class CheckpointFixtures {
    public static final String LEDGER = "governance.ledger";
    public static final String CHECKPOINTS = "governance.ledger.checkpoints";
    public static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    /** One key for the whole test run: generating Ed25519 keys is cheap, but one is enough. */
    public static final KeysetHandle SIGNING_KEYS = SigningKeyFiles.generate();
    public static final CheckpointSigner SIGNER = CheckpointSigner.of(SIGNING_KEYS);

    private CheckpointFixtures() {
    }

    public static List<LedgerEntry> chain(int partition, int n, String tag) {
        LedgerChain chain = new LedgerChain("test");
        ChainHead head = ChainHead.genesis(partition);
        List<LedgerEntry> entries = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String id = tag + "-" + partition + "-" + i;
            GovernanceDecision decision = GovernanceDecision.newBuilder()
                    .setEnvelope(Envelope.newBuilder().setEventId("decision-" + id).setCorrelationId(id).setCausationId("request-" + id)
                            .setTenant("acme").setOccurredAt(T0).setProducer("governance-streams").setTraceparent(null).build())
                    .setRequestEventId("request-" + id).setEffect(Effect.PERMIT).setPolicySetId("p").setPolicyVersion("1")
                    .setPolicyHash("sha256:00").setRuleId("r").setReason("because").setSource("orbit").setTarget("axon")
                    .setIntent("reason").setSubject("alice").build();
            LedgerEntry entry = chain.next(head, LedgerFact.decision(decision), T0.plusSeconds(i));
            entries.add(entry);
            head = ChainHead.after(entry);
        }
        return entries;
    }

    public static LedgerHead headAfter(List<LedgerEntry> entries, int size) {
        LedgerHead head = LedgerHead.genesis(entries.get(0).getPartition());
        for (int i = 0; i < size; i++) {
            head = head.after(entries.get(i));
        }
        return head;
    }

    public static LedgerCheckpoint signedAt(List<LedgerEntry> entries, int size, CheckpointSigner signer) {
        return signer.sign(Checkpoints.of(LEDGER, headAfter(entries, size), T0.plusSeconds(size), "test"));
    }
}
