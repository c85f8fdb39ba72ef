package io.govstream.ledger.audit;

import io.govstream.ledger.ChainObserver;
import io.govstream.ledger.ConcurrentLedgerVerifier;
import io.govstream.ledger.LedgerHead;
import io.govstream.ledger.VerificationReport;
import io.govstream.ledger.LedgerStore;
import io.govstream.events.CheckpointScope;
import io.govstream.events.LedgerCheckpoint;
import io.govstream.events.LedgerEntry;
import io.govstream.ledger.checkpoint.CheckpointAudit;
import io.govstream.ledger.checkpoint.CheckpointCosignatures;
import io.govstream.ledger.checkpoint.CheckpointRecord;
import io.govstream.ledger.checkpoint.CheckpointVerifier;
import io.govstream.ledger.checkpoint.Checkpoints;
import io.govstream.ledger.checkpoint.WitnessPolicy;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.LongConsumer;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.avro.generic.IndexedRecord;

/**
 * A full verification of a ledger: chains ({@link LedgerVerifier}), Merkle roots, checkpoint
 * signatures and consistency ({@link CheckpointAudit}); optionally incremental, each partition
 * starting at its latest validly signed checkpoint. Partitions are verified in parallel
 * ({@link ConcurrentLedgerVerifier}).
 */
public final class LedgerAudit {

    /** What an audit found. */
    public record Result(VerificationReport report, Map<Integer, List<CheckpointRecord>> verifiedCheckpoints,
                         int checkpointsRead, int combinedVerified, Map<Integer, LedgerCheckpoint> startedFrom,
                         Map<Integer, CheckpointCosignatures.Witnessed> witnessed) {

        /** The latest checkpoint of a partition verified against the ledger (or trusted as the start). */
        public Optional<LedgerCheckpoint> latestVerified(int partition) {
            List<CheckpointRecord> list = verifiedCheckpoints.get(partition);
            if (list != null && !list.isEmpty()) {
                return Optional.of(list.get(list.size() - 1).checkpoint());
            }
            return Optional.ofNullable(startedFrom.get(partition));
        }
    }

    /**
     * How the chains are verified.
     *
     * @param threads  verification threads, at least 1 (partitions are verified in parallel)
     * @param decoders one record decoder per thread; a reusing decoder ({@code AvroSerde.reusingDecoder()}) is fastest
     */
    public record Verification(int threads, Supplier<? extends Function<byte[], ? extends IndexedRecord>> decoders) {

        /** One thread per core, every thread decoding with {@code decoder} (which must be thread-safe, as AvroSerde's is). */
        public static Verification of(Function<byte[], ? extends IndexedRecord> decoder) {
            return new Verification(ConcurrentLedgerVerifier.defaultThreads(), () -> decoder);
        }

        /** What {@code govctl ledger verify} runs: {@code threads} threads, each with its own reusing decoder of {@code entries}. */
        public static Verification reusing(io.govstream.schemas.serde.AvroSerde<LedgerEntry> entries, String topic, int threads) {
            return new Verification(threads, () -> {
                io.govstream.schemas.serde.AvroSerde<LedgerEntry>.ReusingDecoder decoder = entries.reusingDecoder();
                return value -> decoder.decode(topic, value);
            });
        }
    }

    private LedgerAudit() {
    }

    /**
     * @param checkpoints every record of the checkpoints topic, or an empty list to check chains only
     * @param keys        trusted public keys; null skips checkpoint checks entirely
     */
    public static Result run(String ledgerTopic, LedgerStore ledger, String checkpointsTopic, List<CheckpointRecord> checkpoints,
                             CheckpointVerifier keys, Function<byte[], LedgerEntry> decoder, boolean fromCheckpoint,
                             LongConsumer progress) {
        return run(ledgerTopic, ledger, checkpointsTopic, checkpoints, keys, decoder, fromCheckpoint, progress, null, null,
                Verification.of(decoder), null);
    }

    /**
     * As above, verifying as {@code verification} says.
     *
     * @param now       when the audit runs (null: no staleness check)
     * @param maxLag    with keys: entries appended more than this before {@code now} that no verified checkpoint covers
     *                  fail the audit ({@link ProblemKind#CHECKPOINT_MISSING}), so a ledger whose checkpoints were
     *                  deleted, or that nobody signed, never passes
     * @param decoder   decodes the few records read to find where a partition resumes ({@code fromCheckpoint})
     * @param witnesses with keys: every partition with entries needs a verified checkpoint cosigned by a quorum of
     *                  these witnesses ({@link ProblemKind#CHECKPOINT_UNWITNESSED}); null: not required
     */
    public static Result run(String ledgerTopic, LedgerStore ledger, String checkpointsTopic, List<CheckpointRecord> checkpoints,
                             CheckpointVerifier keys, Function<byte[], LedgerEntry> decoder, boolean fromCheckpoint,
                             LongConsumer progress, java.time.Instant now, java.time.Duration maxLag, Verification verification,
                             WitnessPolicy witnesses) {
        if (witnesses != null && keys == null) {
            throw new IllegalArgumentException("a witness quorum needs the ledger's public key to verify the checkpoints it covers");
        }
        CheckpointAudit audit = keys == null ? null : new CheckpointAudit(ledgerTopic, checkpointsTopic, checkpoints, keys, now, maxLag);
        if (audit != null && witnesses != null) {
            audit.requireWitnesses(witnesses);
        }
        try (ConcurrentLedgerVerifier verifier = new ConcurrentLedgerVerifier(verification.threads(), verification.decoders(),
                audit == null ? ChainObserver.NONE : audit)) {
            Map<Integer, Long> startOffsets = new HashMap<>();
            Map<Integer, LedgerCheckpoint> startedFrom = new TreeMap<>();
            Set<Integer> skip = new HashSet<>();
            if (fromCheckpoint) {
                if (keys == null) {
                    throw new IllegalArgumentException("--from-checkpoint needs the public key to trust a checkpoint");
                }
                for (LedgerCheckpoint start : latestValid(checkpoints, keys, ledgerTopic).values()) {
                    LedgerHead head = Checkpoints.headOf(start, new StringBuilder()).orElseThrow();
                    verifier.resumeFrom(head);
                    audit.resumeFrom(head, checkpoints.stream().filter(r -> r.checkpoint() == start).findFirst()
                            .orElse(new CheckpointRecord(-1, start)));
                    startedFrom.put(head.partition(), start);
                    ledger.offsetOfSequence(head.partition(), head.size(), b -> decoder.apply(b).getSequence())
                            .ifPresentOrElse(offset -> startOffsets.put(head.partition(), offset), () -> skip.add(head.partition()));
                }
            }
            Set<Integer> partitions = skip.isEmpty() ? null
                    : IntStream.range(0, ledger.partitionCount()).filter(p -> !skip.contains(p)).boxed().collect(Collectors.toSet());
            long[] read = {0};
            ledger.replayBatches(partitions, startOffsets, batch -> {
                verifier.accept(batch);
                read[0] += batch.size();
                progress.accept(read[0]);
            });
            VerificationReport report = verifier.report();
            return new Result(report, audit == null ? Map.of() : audit.verified(), checkpoints.size(),
                    audit == null ? 0 : audit.combinedVerified(), startedFrom, audit == null ? Map.of() : audit.witnessed());
        }
    }

    /**
     * The latest well-formed, validly signed PARTITION checkpoint of each partition; of several records of
     * the same size, the last one read (a witness writes its cosigned copy after the original).
     */
    public static Map<Integer, LedgerCheckpoint> latestValid(List<CheckpointRecord> checkpoints, CheckpointVerifier keys, String ledgerTopic) {
        Map<Integer, LedgerCheckpoint> latest = new TreeMap<>();
        for (CheckpointRecord record : checkpoints) {
            LedgerCheckpoint cp = record.checkpoint();
            if (cp.getScope() != CheckpointScope.PARTITION || !ledgerTopic.equals(cp.getLedgerTopic())
                    || keys.check(cp).isPresent() || Checkpoints.headOf(cp, new StringBuilder()).isEmpty()) {
                continue;
            }
            latest.merge(cp.getPartition(), cp, (current, read) -> read.getTreeSize() >= current.getTreeSize() ? read : current);
        }
        return latest;
    }
}
