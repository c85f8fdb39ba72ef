package io.govstream.ledger;

import io.govstream.events.LedgerEntry;
import io.govstream.ledger.merkle.MerkleFrontier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;
import org.apache.avro.generic.IndexedRecord;

/**
 * Checks a ledger read in order, partition by partition, and names every record that breaks its
 * chain. Pure: feed it records, then ask for the {@link #report()}. Not thread-safe; to verify
 * partitions on several threads see {@link ConcurrentLedgerVerifier}.
 *
 * <p>Resynchronisation: a MODIFIED entry still advances the chain (its stored hash is what its
 * successor links to, so one tampered entry is reported once); an INJECTED, duplicate or
 * misplaced entry does not, so the genuine entries after it still verify.
 *
 * <p>Entries come as {@link LedgerEntry} objects or as generic records of its schema, which a
 * reusing decoder ({@code AvroSerde.reusingDecoder()}) overwrites record after record: nothing of
 * an entry is kept past {@link #accept}, only copies.
 */
public final class LedgerVerifier {
    private static final HexFormat HEX = HexFormat.of();

    private final Function<byte[], ? extends IndexedRecord> decoder;
    private final ChainObserver observer;
    private final ChainHasher.Hasher hasher = new ChainHasher.Hasher();
    private final Map<Integer, Chain> chains = new HashMap<>();
    private final List<Problem> problems = new ArrayList<>();
    private Chain last;
    private org.apache.avro.Schema checkedSchema;

    /** Where one partition's chain and tree stand. */
    private static final class Chain {
        final int partition;
        long count;
        long firstSequence;
        long nextSequence;
        byte[] lastHash = ChainHasher.GENESIS_HASH; // never written to: replaced by a new array per entry
        MerkleFrontier frontier = MerkleFrontier.empty(); // null once a gap made the tree impossible to rebuild

        Chain(int partition) {
            this.partition = partition;
        }
    }

    /**
     * @param decoder turns a raw record value into an entry, throwing if it cannot: a {@link LedgerEntry}, or a
     *                generic record of its schema with {@code Utf8} strings
     */
    public LedgerVerifier(Function<byte[], ? extends IndexedRecord> decoder) {
        this(decoder, ChainObserver.NONE);
    }

    /** @param observer hears every entry that extends a chain, with the Merkle frontier after it */
    public LedgerVerifier(Function<byte[], ? extends IndexedRecord> decoder, ChainObserver observer) {
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
        Chain chain = chain(head.partition());
        chain.nextSequence = head.size();
        chain.lastHash = head.chain().lastHash();
        chain.frontier = head.frontier();
        chain.firstSequence = head.size();
    }

    public void accept(LedgerRecord record) {
        accept(record.partition(), record.offset(), record.value());
    }

    public void accept(int partition, long offset, byte[] value) {
        IndexedRecord entry = null;
        String undecodable = "empty record (tombstone)";
        try {
            entry = value == null ? null : decoder.apply(value);
        } catch (RuntimeException e) {
            undecodable = "not a LedgerEntry: " + e.getMessage();
        }
        if (entry == null) {
            chain(partition).count++;
            problems.add(new Problem(partition, offset, ProblemKind.UNDECODABLE, undecodable));
            return;
        }
        accept(partition, offset, entry);
    }

    /** An entry as a {@link LedgerEntry} or as a generic record of its schema. */
    public void accept(int partition, long offset, IndexedRecord entry) {
        if (entry.getSchema() != checkedSchema) {
            EntryFields.check(entry);
            checkedSchema = entry.getSchema();
        }
        Chain chain = chain(partition);
        chain.count++;
        int entryPartition = EntryFields.partition(entry);
        long sequence = EntryFields.sequence(entry);
        if (entryPartition != partition) {
            problems.add(new Problem(partition, offset, ProblemKind.WRONG_PARTITION,
                    "entry of the chain of partition " + entryPartition + " (sequence " + sequence
                            + ") stored in partition " + partition));
            return;
        }
        byte[] storedHash = Bytes.of(EntryFields.bytes(entry, EntryFields.HASH));
        if (sequence < chain.nextSequence) {
            problems.add(new Problem(partition, offset, ProblemKind.REORDERED_OR_DUPLICATE,
                    "sequence " + sequence + " after the chain reached " + (chain.nextSequence - 1)));
            return;
        }
        boolean modified = checkContent(partition, offset, entry, sequence, storedHash);
        if (sequence > chain.nextSequence) {
            problems.add(new Problem(partition, offset, ProblemKind.MISSING,
                    missingText(chain.nextSequence, sequence - 1) + " before sequence " + sequence));
        } else if (!modified && !Bytes.equals(EntryFields.bytes(entry, EntryFields.PREV_HASH), chain.lastHash)) {
            problems.add(new Problem(partition, offset, ProblemKind.INJECTED,
                    "sequence " + sequence + " does not link to its predecessor: prevHash "
                            + HEX.formatHex(Bytes.of(EntryFields.bytes(entry, EntryFields.PREV_HASH)))
                            + ", predecessor hash " + HEX.formatHex(chain.lastHash)));
            return;
        }
        byte[] linked = storedHash.length == ChainHasher.HASH_LENGTH ? storedHash : hasher.hash(entry);
        chain.nextSequence = sequence + 1;
        chain.lastHash = linked;
        observer.appended(partition, offset, sequence, linked, extendTree(chain, sequence, linked),
                EntryFields.occurredAt(EntryFields.envelope(entry)));
    }

    private Chain chain(int partition) {
        Chain chain = last;
        if (chain == null || chain.partition != partition) {
            chain = chains.computeIfAbsent(partition, Chain::new);
            last = chain;
        }
        return chain;
    }

    /** Leaf i of a partition's tree is its entry of sequence i; after a gap the tree cannot be rebuilt. */
    private static MerkleFrontier extendTree(Chain chain, long sequence, byte[] entryHash) {
        if (chain.frontier == null) {
            return null;
        }
        if (chain.frontier.size() != sequence) {
            chain.frontier = null;
            return null;
        }
        chain.frontier = chain.frontier.append(entryHash);
        return chain.frontier;
    }

    /** The report so far; tells the observer the replay is finished. */
    public VerificationReport report() {
        TreeMap<Integer, PartitionSummary> partitions = new TreeMap<>();
        chains.values().forEach(c -> partitions.put(c.partition, new PartitionSummary(c.partition, c.count, c.firstSequence,
                new ChainHead(c.partition, c.nextSequence, c.lastHash), c.frontier)));
        observer.finished(partitions);
        return new VerificationReport(partitions, problems);
    }

    /** Reports MODIFIED if the entry's hash or payload hash is wrong; returns whether it did. */
    private boolean checkContent(int partition, long offset, IndexedRecord entry, long sequence, byte[] storedHash) {
        boolean payloadMatches = hasher.sha256Matches(EntryFields.bytes(entry, EntryFields.PAYLOAD),
                EntryFields.bytes(entry, EntryFields.PAYLOAD_HASH));
        byte[] actualHash = hasher.hash(entry);
        if (!Arrays.equals(actualHash, storedHash)) {
            problems.add(new Problem(partition, offset, ProblemKind.MODIFIED, "sequence " + sequence
                    + ": hash " + HEX.formatHex(storedHash) + " does not match its content (" + HEX.formatHex(actualHash) + ")"));
            return true;
        }
        if (!payloadMatches) {
            problems.add(new Problem(partition, offset, ProblemKind.MODIFIED, "sequence " + sequence
                    + ": payload does not match payloadHash " + HEX.formatHex(Bytes.of(EntryFields.bytes(entry, EntryFields.PAYLOAD_HASH)))));
            return true;
        }
        return false;
    }

    private static String missingText(long from, long to) {
        return from == to ? "sequence " + from + " missing" : "sequences " + from + ".." + to + " missing";
    }
}
