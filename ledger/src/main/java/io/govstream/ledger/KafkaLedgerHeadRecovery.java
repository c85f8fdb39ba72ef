package io.govstream.ledger;

import io.govstream.events.LedgerEntry;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rebuilds a partition's head from the ledger topic: replays the partition (committed records
 * only), verifies its chain and rebuilds the Merkle frontier, O(n) once per empty store. Refuses
 * to hand back a head if the partition does not verify. The reading principal needs READ on the
 * ledger topic (the governance principal has it).
 */
public final class KafkaLedgerHeadRecovery implements LedgerHeadRecovery {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaLedgerHeadRecovery.class);

    private final Map<String, Object> clientProperties;
    private final String ledgerTopic;
    private final Function<byte[], LedgerEntry> decoder;
    private final Duration timeout;

    public KafkaLedgerHeadRecovery(Map<String, ?> clientProperties, String ledgerTopic, Function<byte[], LedgerEntry> decoder) {
        this(clientProperties, ledgerTopic, decoder, Duration.ofSeconds(30));
    }

    public KafkaLedgerHeadRecovery(Map<String, ?> clientProperties, String ledgerTopic, Function<byte[], LedgerEntry> decoder,
                                   Duration timeout) {
        this.clientProperties = Map.copyOf(clientProperties);
        this.ledgerTopic = Objects.requireNonNull(ledgerTopic, "ledgerTopic");
        this.decoder = Objects.requireNonNull(decoder, "decoder");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    @Override
    public LedgerHead recover(int partition) {
        long started = System.nanoTime();
        LedgerVerifier verifier = new LedgerVerifier(decoder);
        KafkaLedgerReader reader = new KafkaLedgerReader(clientProperties, ledgerTopic, timeout, n -> { });
        reader.replay(Set.of(partition), Map.of(), verifier::accept);
        VerificationReport report = verifier.report();
        if (!report.isClean()) {
            throw new LedgerReadException("ledger partition " + ledgerTopic + "-" + partition + " does not verify, refusing to append: "
                    + report.problems().get(0));
        }
        PartitionSummary summary = report.byPartition().get(partition);
        LedgerHead head = summary == null ? LedgerHead.genesis(partition) : new LedgerHead(summary.head(), summary.frontier());
        LOG.info("Recovered the head of {}-{} from the topic: {} entries in {} ms", ledgerTopic, partition, head.size(),
                (System.nanoTime() - started) / 1_000_000);
        return head;
    }
}
