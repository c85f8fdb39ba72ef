package io.govstream.ledger;

import io.govstream.events.LedgerEntry;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
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
    private final Map<Integer, ChainHead> heads = new HashMap<>();
    private final Map<Integer, Long> counts = new HashMap<>();
    private final List<Problem> problems = new ArrayList<>();

    /** @param decoder turns a raw record value into an entry, throwing if it cannot */
    public LedgerVerifier(Function<byte[], LedgerEntry> decoder) {
        this.decoder = Objects.requireNonNull(decoder, "decoder");
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
        heads.put(partition, new ChainHead(partition, sequence + 1, storedHash.length == ChainHasher.HASH_LENGTH
                ? storedHash : ChainHasher.hash(entry)));
    }

    public VerificationReport report() {
        TreeMap<Integer, PartitionSummary> partitions = new TreeMap<>();
        counts.forEach((p, n) -> partitions.put(p, new PartitionSummary(p, n, heads.computeIfAbsent(p, ChainHead::genesis))));
        return new VerificationReport(partitions, problems);
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
