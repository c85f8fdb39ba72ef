package io.govstream.ledger;

import io.govstream.events.LedgerEntry;
import io.govstream.ledger.merkle.MerkleFrontier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.LongConsumer;

/**
 * Checks a ledger read in order, partition by partition, and names every record that breaks its
 * chain. Pure: feed it records, then ask for the {@link #report()}.
 *
 * <p>Resynchronisation: a MODIFIED entry still advances the chain (its stored hash is what its
 * successor links to, so one tampered entry is reported once); an INJECTED, duplicate or
 * misplaced entry does not, so the genuine entries after it still verify.
 */
public final class LedgerVerifier {
    private static final HexFormat HEX = HexFormat.of();

    private final Function<byte[], LedgerEntry> decoder;
    private final ChainObserver observer;
    private final Map<Integer, ChainHead> heads = new HashMap<>();
    private final Map<Integer, MerkleFrontier> frontiers = new HashMap<>();
    private final Set<Integer> brokenTrees = new HashSet<>();
    private final Map<Integer, Long> firstSequences = new HashMap<>();
    private final Map<Integer, Long> counts = new HashMap<>();
    private final List<Problem> problems = new ArrayList<>();

    /** @param decoder turns a raw record value into an entry, throwing if it cannot */
    public LedgerVerifier(Function<byte[], LedgerEntry> decoder) {
        this(decoder, ChainObserver.NONE);
    }

    /** @param observer hears every entry that extends a chain, with the Merkle frontier after it */
    public LedgerVerifier(Function<byte[], LedgerEntry> decoder, ChainObserver observer) {
        this.decoder = Objects.requireNonNull(decoder, "decoder");
        this.observer = Objects.requireNonNull(observer, "observer");
        observer.attach(problems::add);
    }

    /**
     * Starts {@code head}'s partition at a trusted point (a verified checkpoint) instead of genesis:
     * the next entry read must be sequence {@code head.size()} linking to the head's hash.
     */
    public void resumeFrom(LedgerHead head) {
        if (!head.hasFrontier()) {
            throw new IllegalArgumentException("resuming needs the Merkle frontier of " + head.chain());
        }
        heads.put(head.partition(), head.chain());
        frontiers.put(head.partition(), head.frontier());
        firstSequences.put(head.partition(), head.size());
    }

    /** Adds a problem found outside the chain itself (a checkpoint), in read order. */
    public void report(Problem problem) {
        problems.add(problem);
    }

    /** Verifies a whole replay; {@code progress} hears the running count of records read. */
    public static VerificationReport verify(LedgerReplay replay, Function<byte[], LedgerEntry> decoder, LongConsumer progress) {
        LedgerVerifier verifier = new LedgerVerifier(decoder);
        long[] read = {0};
        replay.replayFromStart(r -> {
            verifier.accept(r);
            progress.accept(++read[0]);
        });
        return verifier.report();
    }

    public void accept(LedgerRecord record) {
        accept(record.partition(), record.offset(), record.value());
    }

    public void accept(int partition, long offset, byte[] value) {
        LedgerEntry entry;
        try {
            entry = value == null ? null : decoder.apply(value);
        } catch (RuntimeException e) {
            count(partition);
            problems.add(new Problem(partition, offset, ProblemKind.UNDECODABLE, "not a LedgerEntry: " + e.getMessage()));
            return;
        }
        if (entry == null) {
            count(partition);
            problems.add(new Problem(partition, offset, ProblemKind.UNDECODABLE, "empty record (tombstone)"));
            return;
        }
        accept(partition, offset, entry);
    }

    public void accept(int partition, long offset, LedgerEntry entry) {
        count(partition);
        ChainHead head = heads.computeIfAbsent(partition, ChainHead::genesis);
        if (entry.getPartition() != partition) {
            problems.add(new Problem(partition, offset, ProblemKind.WRONG_PARTITION,
                    "entry of the chain of partition " + entry.getPartition() + " (sequence " + entry.getSequence()
                            + ") stored in partition " + partition));
            return;
        }
        long sequence = entry.getSequence();
        byte[] storedHash = Bytes.of(entry.getHash());
        byte[] prevHash = Bytes.of(entry.getPrevHash());
        if (sequence < head.nextSequence()) {
            problems.add(new Problem(partition, offset, ProblemKind.REORDERED_OR_DUPLICATE,
                    "sequence " + sequence + " after the chain reached " + (head.nextSequence() - 1)));
            return;
        }
        boolean modified = checkContent(partition, offset, entry, storedHash);
        if (sequence > head.nextSequence()) {
            problems.add(new Problem(partition, offset, ProblemKind.MISSING,
                    missingText(head.nextSequence(), sequence - 1) + " before sequence " + sequence));
        } else if (!Arrays.equals(prevHash, head.lastHash()) && !modified) {
            problems.add(new Problem(partition, offset, ProblemKind.INJECTED,
                    "sequence " + sequence + " does not link to its predecessor: prevHash " + HEX.formatHex(prevHash)
                            + ", predecessor hash " + head.lastHashHex()));
            return;
        }
        byte[] linked = storedHash.length == ChainHasher.HASH_LENGTH ? storedHash : ChainHasher.hash(entry);
        heads.put(partition, new ChainHead(partition, sequence + 1, linked));
        observer.appended(partition, offset, sequence, linked, extendTree(partition, sequence, linked),
                entry.getEnvelope() == null ? null : entry.getEnvelope().getOccurredAt());
    }

    /** Leaf i of a partition's tree is its entry of sequence i; after a gap the tree cannot be rebuilt. */
    private MerkleFrontier extendTree(int partition, long sequence, byte[] entryHash) {
        if (brokenTrees.contains(partition)) {
            return null;
        }
        MerkleFrontier frontier = frontiers.getOrDefault(partition, MerkleFrontier.empty());
        if (frontier.size() != sequence) {
            brokenTrees.add(partition);
            frontiers.remove(partition);
            return null;
        }
        frontier = frontier.append(entryHash);
        frontiers.put(partition, frontier);
        return frontier;
    }

    /** The report so far; tells the observer the replay is finished. */
    public VerificationReport report() {
        TreeMap<Integer, PartitionSummary> partitions = new TreeMap<>();
        counts.forEach((p, n) -> partitions.put(p, summary(p, n)));
        heads.keySet().forEach(p -> partitions.computeIfAbsent(p, q -> summary(q, 0)));
        observer.finished(partitions);
        return new VerificationReport(partitions, problems);
    }

    private PartitionSummary summary(int partition, long count) {
        ChainHead head = heads.computeIfAbsent(partition, ChainHead::genesis);
        MerkleFrontier frontier = brokenTrees.contains(partition) ? null
                : frontiers.getOrDefault(partition, MerkleFrontier.empty());
        return new PartitionSummary(partition, count, firstSequences.getOrDefault(partition, 0L), head, frontier);
    }

    /** Reports MODIFIED if the entry's hash or payload hash is wrong; returns whether it did. */
    private boolean checkContent(int partition, long offset, LedgerEntry entry, byte[] storedHash) {
        byte[] payloadHash = Bytes.of(entry.getPayloadHash());
        byte[] actualPayloadHash = ChainHasher.sha256(Bytes.of(entry.getPayload()));
        byte[] actualHash = ChainHasher.hash(entry);
        if (!Arrays.equals(actualHash, storedHash)) {
            problems.add(new Problem(partition, offset, ProblemKind.MODIFIED, "sequence " + entry.getSequence()
                    + ": hash " + HEX.formatHex(storedHash) + " does not match its content (" + HEX.formatHex(actualHash) + ")"));
            return true;
        }
        if (!Arrays.equals(actualPayloadHash, payloadHash)) {
            problems.add(new Problem(partition, offset, ProblemKind.MODIFIED, "sequence " + entry.getSequence()
                    + ": payload does not match payloadHash " + HEX.formatHex(payloadHash)));
            return true;
        }
        return false;
    }

    private void count(int partition) {
        counts.merge(partition, 1L, Long::sum);
    }

    private static String missingText(long from, long to) {
        return from == to ? "sequence " + from + " missing" : "sequences " + from + ".." + to + " missing";
    }
}
