package io.govstream.ledger;

import io.govstream.events.LedgerEntry;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.LoggerFactory;

/**
 * Where an appender finds a partition's head when its store has none (a fresh or lost store,
 * a ledger restored from a backup) or only a version-1 head without a Merkle frontier.
 */
@FunctionalInterface
public interface LedgerHeadRecovery {

    /** An empty store means an empty chain: right only while the ledger topic is empty too. */
    LedgerHeadRecovery NONE = LedgerHead::genesis;

    /**
     * The head of {@code partition}'s chain as the ledger topic holds it (genesis if empty).
     *
     * @throws LedgerReadException if the ledger cannot be read or the partition does not verify:
     *                             an appender must never extend a broken chain
     */
    LedgerHead recover(int partition);

    /**
     * Rebuilds a partition's head from {@code ledger}: replays the partition (committed records only, in
     * Kafka), verifies its chain and rebuilds the Merkle frontier, O(n) once per empty store. Refuses to
     * hand back a head if the partition does not verify. On Kafka the reading principal needs READ on the
     * ledger topic (the governance principal has it).
     */
    static LedgerHeadRecovery verifying(LedgerStore ledger, Function<byte[], LedgerEntry> decoder) {
        return partition -> {
            long started = System.nanoTime();
            LedgerVerifier verifier = new LedgerVerifier(decoder);
            ledger.replayBatches(Set.of(partition), Map.of(), batch -> batch.forEach(verifier::accept));
            VerificationReport report = verifier.report();
            if (!report.isClean()) {
                throw new LedgerReadException(ledger + " partition " + partition + " does not verify, refusing to append: "
                        + report.problems().get(0));
            }
            PartitionSummary summary = report.partitions().get(partition);
            LedgerHead head = summary == null ? LedgerHead.genesis(partition) : new LedgerHead(summary.head(), summary.frontier());
            LoggerFactory.getLogger(LedgerHeadRecovery.class).info("Recovered the head of {} partition {}: {} entries in {} ms",
                    ledger, partition, head.size(), (System.nanoTime() - started) / 1_000_000);
            return head;
        };
    }
}
