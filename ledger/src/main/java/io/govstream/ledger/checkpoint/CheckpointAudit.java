package io.govstream.ledger.checkpoint;

import io.govstream.events.CheckpointComponent;
import io.govstream.events.CheckpointScope;
import io.govstream.events.LedgerCheckpoint;
import io.govstream.ledger.Bytes;
import io.govstream.ledger.ChainObserver;
import io.govstream.ledger.LedgerHead;
import io.govstream.ledger.PartitionSummary;
import io.govstream.ledger.Problem;
import io.govstream.ledger.ProblemKind;
import io.govstream.ledger.merkle.MerkleFrontier;
import io.govstream.ledger.merkle.MerkleHash;
import io.govstream.ledger.merkle.MerkleProofs;
import io.govstream.ledger.merkle.SubtreeHashes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Checks the signed checkpoints of a ledger while {@link io.govstream.ledger.LedgerVerifier}
 * replays it: every signature up front; then, as each partition's tree reaches a checkpoint's
 * size, the checkpoint's root and chain head against the recomputed ones, and an RFC 9162
 * consistency proof from the previous checkpoint of the partition to this one. Only the leaves
 * since the previous checkpoint are held, so memory is bounded by the checkpoint interval.
 *
 * <p>Problems are located by ledger partition and the offset of the ledger entry at which the
 * checkpoint was checked; a checkpoint that cannot be tied to an entry (bad signature, beyond the
 * ledger's end) is located by its ledger partition and its offset in the checkpoints topic,
 * which the message names.
 */
public final class CheckpointAudit implements ChainObserver {
    private static final HexFormat HEX = HexFormat.of();

    private final String ledgerTopic;
    private final String checkpointsTopic;
    private final List<Problem> early = new ArrayList<>();
    private Consumer<Problem> problems = early::add;
    private final Map<Integer, TreeMap<Long, List<CheckpointRecord>>> pending = new HashMap<>();
    private final List<CheckpointRecord> combined = new ArrayList<>();
    private final Map<Integer, Track> tracks = new HashMap<>();
    private final Map<Integer, List<CheckpointRecord>> verified = new TreeMap<>();
    private int combinedVerified;
    private boolean finished;
    /** When this verification runs and how old an uncovered entry may be; null = no staleness check. */
    private final Instant now;
    private final Duration maxLag;
    /** Per partition: the first entry that no verified checkpoint covers yet. */
    private final Map<Integer, Uncovered> uncovered = new TreeMap<>();
    /** Trusted witnesses whose quorum must have cosigned a verified checkpoint of every partition; null = not required. */
    private WitnessPolicy witnesses;
    private final Map<Integer, CheckpointRecord> startedFrom = new HashMap<>();
    private final Map<Integer, CheckpointCosignatures.Witnessed> witnessed = new TreeMap<>();

    private record Uncovered(long sequence, long offset, Instant appendedAt) {
    }

    /** Per partition: the last checkpoint passed and the leaves appended since. */
    private static final class Track {
        MerkleFrontier lastFrontier = MerkleFrontier.empty();
        final List<byte[]> leavesSince = new ArrayList<>();
    }

    /**
     * @param checkpoints every checkpoint read from the checkpoints topic, in topic order
     * @param keys        the trusted public keys
     * @param now         when the verification runs (null: no staleness check)
     * @param maxLag      how long an entry may stay uncovered by a verified checkpoint (the signer checkpoints every N entries
     *                    or T seconds): older uncovered entries are {@link ProblemKind#CHECKPOINT_MISSING}
     */
    public CheckpointAudit(String ledgerTopic, String checkpointsTopic, List<CheckpointRecord> checkpoints, CheckpointVerifier keys,
                           Instant now, Duration maxLag) {
        this.now = now;
        this.maxLag = maxLag;
        this.ledgerTopic = Objects.requireNonNull(ledgerTopic, "ledgerTopic");
        this.checkpointsTopic = Objects.requireNonNull(checkpointsTopic, "checkpointsTopic");
        checkpoints.forEach(record -> admit(record, keys));
    }

    private void admit(CheckpointRecord record, CheckpointVerifier keys) {
        LedgerCheckpoint cp = record.checkpoint();
        Optional<String> badSignature = keys.check(cp);
        if (badSignature.isPresent()) {
            report(cp.getPartition(), record.offset(), ProblemKind.CHECKPOINT_FORGED, record, badSignature.get());
            return;
        }
        if (!ledgerTopic.equals(cp.getLedgerTopic())) {
            report(cp.getPartition(), record.offset(), ProblemKind.CHECKPOINT_MALFORMED, record,
                    "signed for ledger " + cp.getLedgerTopic() + ", not " + ledgerTopic);
            return;
        }
        if (cp.getScope() == CheckpointScope.COMBINED) {
            combined.add(record);
            return;
        }
        StringBuilder whyNot = new StringBuilder();
        if (Checkpoints.headOf(cp, whyNot).isEmpty()) {
            report(cp.getPartition(), record.offset(), ProblemKind.CHECKPOINT_MALFORMED, record, whyNot.toString());
            return;
        }
        pending.computeIfAbsent(cp.getPartition(), p -> new TreeMap<>())
                .computeIfAbsent(cp.getTreeSize(), s -> new ArrayList<>()).add(record);
    }

    /** Problems found so far go to {@code sink}, later ones too (the verifier attaches its report). */
    @Override
    public void attach(Consumer<Problem> sink) {
        early.forEach(sink);
        early.clear();
        problems = sink;
    }

    /**
     * Requires of every partition with entries a verified checkpoint cosigned by a quorum of these
     * witnesses ({@link ProblemKind#CHECKPOINT_UNWITNESSED} otherwise); a trusted witness's cosignature
     * that does not verify is {@link ProblemKind#CHECKPOINT_FORGED}.
     */
    public void requireWitnesses(WitnessPolicy policy) {
        this.witnesses = policy;
    }

    /** Per partition, the largest verified checkpoint a witness quorum cosigned (with {@link #requireWitnesses}). */
    public Map<Integer, CheckpointCosignatures.Witnessed> witnessed() {
        return witnessed;
    }

    /**
     * Starts a partition at a trusted checkpoint, {@code start} (incremental verification); earlier checkpoints are
     * skipped, and the cosignatures of {@code start} count for the quorum.
     */
    public void resumeFrom(LedgerHead head, CheckpointRecord start) {
        startedFrom.put(head.partition(), start);
        Track track = new Track();
        track.lastFrontier = head.frontier();
        tracks.put(head.partition(), track);
        uncovered.remove(head.partition());
        TreeMap<Long, List<CheckpointRecord>> byPartition = pending.get(head.partition());
        if (byPartition != null) {
            byPartition.headMap(head.size(), true).clear();
        }
    }

    @Override
    public void appended(int partition, long offset, long sequence, byte[] entryHash, MerkleFrontier frontier, Instant appendedAt) {
        uncovered.putIfAbsent(partition, new Uncovered(sequence, offset, appendedAt));
        TreeMap<Long, List<CheckpointRecord>> byPartition = pending.get(partition);
        if (frontier == null || byPartition == null || byPartition.isEmpty()) {
            return; // nothing (more) to check here; an unverifiable tree is already a chain problem
        }
        Track track = tracks.computeIfAbsent(partition, p -> new Track());
        track.leavesSince.add(MerkleHash.leaf(entryHash));
        long size = sequence + 1;
        List<CheckpointRecord> due = byPartition.remove(size);
        if (due == null) {
            return;
        }
        byte[] root = frontier.root();
        for (CheckpointRecord record : due) {
            LedgerCheckpoint cp = record.checkpoint();
            if (!Arrays.equals(Bytes.of(cp.getRootHash()), root)) {
                report(partition, offset, ProblemKind.CHECKPOINT_MISMATCH, record, "signed root " + HEX.formatHex(Bytes.of(cp.getRootHash()))
                        + " but the ledger's first " + size + " entries give " + HEX.formatHex(root));
                continue;
            }
            if (!Arrays.equals(Bytes.of(cp.getChainHeadHash()), entryHash)) {
                report(partition, offset, ProblemKind.CHECKPOINT_MISMATCH, record, "signed chain head "
                        + HEX.formatHex(Bytes.of(cp.getChainHeadHash())) + " but entry " + sequence + " has hash " + HEX.formatHex(entryHash));
                continue;
            }
            long m = track.lastFrontier.size();
            List<byte[]> proof = MerkleProofs.consistencyProof(m, size,
                    SubtreeHashes.ofFrontierAndLeaves(track.lastFrontier, track.leavesSince));
            if (!MerkleProofs.verifyConsistency(m, size, track.lastFrontier.root(), Bytes.of(cp.getRootHash()), proof)) {
                report(partition, offset, ProblemKind.CHECKPOINT_INCONSISTENT, record,
                        "no consistency proof from the checkpoint at size " + m + " to size " + size);
                continue;
            }
            verified.computeIfAbsent(partition, p -> new ArrayList<>()).add(record);
            uncovered.remove(partition); // every entry up to this one is covered
        }
        track.lastFrontier = frontier;
        track.leavesSince.clear();
    }

    @Override
    public void finished(Map<Integer, PartitionSummary> partitions) {
        if (finished) {
            return;
        }
        finished = true;
        pending.forEach((partition, bySize) -> bySize.values().forEach(records -> records.forEach(record -> {
            PartitionSummary summary = partitions.get(partition);
            long held = summary == null ? 0 : summary.head().nextSequence();
            String why = summary != null && summary.frontier() == null
                    ? "the partition's tree could not be rebuilt past a gap, so this checkpoint cannot be checked"
                    : "covers " + record.checkpoint().getTreeSize() + " entries but the partition holds " + held
                            + ": entries were removed or never committed";
            report(partition, record.offset(), ProblemKind.CHECKPOINT_BEYOND_LEDGER, record, why);
        })));
        combined.forEach(this::checkCombined);
        if (witnesses != null) {
            partitions.forEach((partition, summary) -> checkWitnessed(partition, summary));
        }
        if (now != null && maxLag != null) {
            uncovered.forEach((partition, first) -> {
                if (first.appendedAt() != null && first.appendedAt().isBefore(now.minus(maxLag))) {
                    problems.accept(new Problem(partition, first.offset(), ProblemKind.CHECKPOINT_MISSING, "entries from sequence "
                            + first.sequence() + " on (the first appended at " + first.appendedAt() + ") are covered by no verified"
                            + " checkpoint, and that is more than " + maxLag + " ago: checkpoints were deleted or never signed, or"
                            + " the ledger was rewritten without its signer"));
                }
            });
        }
    }

    private void checkWitnessed(int partition, PartitionSummary summary) {
        if (summary.head().nextSequence() == 0) {
            return; // an empty partition has nothing to witness
        }
        List<CheckpointRecord> candidates = new ArrayList<>(verified.getOrDefault(partition, List.of()));
        if (startedFrom.containsKey(partition)) {
            candidates.add(0, startedFrom.get(partition));
        }
        Set<String> reported = new HashSet<>();
        for (CheckpointRecord record : candidates) {
            if (record.checkpoint().getNote() == null) {
                continue;
            }
            for (String invalid : witnesses.cosigners(SignedNote.parse(record.checkpoint().getNote())).invalid()) {
                if (reported.add(record.offset() + invalid)) {
                    report(partition, record.offset(), ProblemKind.CHECKPOINT_FORGED, record, invalid);
                }
            }
        }
        Optional<CheckpointCosignatures.Witnessed> best = CheckpointCosignatures.best(candidates, witnesses);
        if (best.isPresent() && witnesses.met(best.get().cosigned())) {
            witnessed.put(partition, best.get());
            return;
        }
        problems.accept(new Problem(partition, best.map(b -> b.record().offset()).orElse(-1L), ProblemKind.CHECKPOINT_UNWITNESSED,
                "no verified checkpoint of the partition is cosigned by a quorum of the trusted witnesses: "
                        + best.map(b -> "the best, " + describe(b.record()) + ", is " + witnesses.describe(b.cosigned()))
                        .orElse("none carries a signed note")));
    }

    private void checkCombined(CheckpointRecord record) {
        LedgerCheckpoint cp = record.checkpoint();
        if (!Arrays.equals(Checkpoints.combinedRoot(cp.getComponents()), Bytes.of(cp.getRootHash()))) {
            report(-1, record.offset(), ProblemKind.CHECKPOINT_MALFORMED, record, "root does not match its components");
            return;
        }
        for (CheckpointComponent c : cp.getComponents()) {
            if (verified.getOrDefault(c.getPartition(), List.of()).stream().noneMatch(r -> r.checkpoint().getTreeSize() == c.getTreeSize()
                    && Arrays.equals(Bytes.of(r.checkpoint().getRootHash()), Bytes.of(c.getRootHash())))) {
                report(c.getPartition(), record.offset(), ProblemKind.CHECKPOINT_MISMATCH, record, "partition " + c.getPartition()
                        + " at size " + c.getTreeSize() + " matches no verified checkpoint of that partition");
                return;
            }
        }
        combinedVerified++;
    }

    /** Checkpoints verified against the ledger, per partition, in tree order. */
    public Map<Integer, List<CheckpointRecord>> verified() {
        return verified;
    }

    public int combinedVerified() {
        return combinedVerified;
    }

    /** A problem of {@code record}, located at {@code partition} and {@code offset}; the message names the record, then {@code why}. */
    private void report(int partition, long offset, ProblemKind kind, CheckpointRecord record, String why) {
        problems.accept(new Problem(partition, offset, kind, describe(record) + ": " + why));
    }

    private String describe(CheckpointRecord record) {
        LedgerCheckpoint cp = record.checkpoint();
        return (cp.getScope() == CheckpointScope.COMBINED ? "combined checkpoint" : "checkpoint of size " + cp.getTreeSize())
                + (record.offset() < 0 ? " (trusted, kept outside the cluster)" : " (" + checkpointsTopic + " offset " + record.offset() + ")");
    }
}
