package io.govstream.governance;

import io.govstream.ledger.LedgerHeadRecovery;
import io.govstream.ledger.checkpoint.CheckpointPolicy;
import io.govstream.ledger.checkpoint.CheckpointSigner;
import io.govstream.ledger.gdpr.KeyEncryptionKey;
import java.util.Objects;

/**
 * How the topology's ledger appender recovers a lost head and signs checkpoints. Built by the
 * process (keys and clients are lifecycle, not topology).
 *
 * @param recovery rebuilds a partition's chain head and Merkle frontier from the ledger topic
 *                 when the state store has none (restored backup, reset state)
 * @param signer   signs the per-partition checkpoints; null = no checkpoints
 * @param policy   how often checkpoints are emitted
 * @param kek      wraps the per-subject data keys personal fields are encrypted with; null = stored in clear
 */
public record LedgerWiring(LedgerHeadRecovery recovery, CheckpointSigner signer, CheckpointPolicy policy, KeyEncryptionKey kek) {

    public LedgerWiring {
        Objects.requireNonNull(recovery, "recovery");
        Objects.requireNonNull(policy, "policy");
    }

    public boolean protectsPersonalData() {
        return kek != null;
    }

    public boolean checkpoints() {
        return signer != null;
    }
}
