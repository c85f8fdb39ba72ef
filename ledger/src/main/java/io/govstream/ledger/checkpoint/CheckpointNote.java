package io.govstream.ledger.checkpoint;

import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The body of a C2SP tlog-checkpoint (https://c2sp.org/tlog-checkpoint): three lines, each ending in
 * a newline — the origin, the tree size in decimal, the base64 RFC 6962 root hash — and optional
 * extension lines (the ledger writes none).
 *
 * <p>For a ledger partition the origin is {@code govstream/<ledger topic>/<partition>}, e.g.
 * {@code govstream/governance.ledger/0}, and the key name that signs it is {@code govstream/<ledger topic>}
 * ({@link #keyName}): one name, hence one verifier key (vkey), for every partition of a ledger. The
 * spec recommends that the key name match the origin; we keep one name per ledger so that an auditor
 * configures one vkey, and the origin still names the log (the partition) exactly. Kafka topic names
 * hold only {@code [a-zA-Z0-9._-]}, so neither has spaces or {@code +}.
 */
public record CheckpointNote(String origin, long treeSize, byte[] rootHash, List<String> extensions) {
    public static final String NAME_PREFIX = "govstream/";
    private static final Pattern SIZE = Pattern.compile("0|[1-9][0-9]{0,18}");

    public CheckpointNote {
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(rootHash, "rootHash");
        extensions = List.copyOf(extensions);
        if (origin.isEmpty() || origin.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("a checkpoint origin is one non-empty line");
        }
        if (treeSize < 0) {
            throw new IllegalArgumentException("tree size " + treeSize);
        }
        if (rootHash.length != 32) {
            throw new IllegalArgumentException("a SHA-256 root hash has 32 bytes, not " + rootHash.length);
        }
        rootHash = rootHash.clone();
    }

    public CheckpointNote(String origin, long treeSize, byte[] rootHash) {
        this(origin, treeSize, rootHash, List.of());
    }

    @Override
    public byte[] rootHash() {
        return rootHash.clone();
    }

    /** The key name that signs every checkpoint note of this ledger: {@code govstream/<ledger topic>}. */
    public static String keyName(String ledgerTopic) {
        return NAME_PREFIX + ledgerTopic;
    }

    /** The origin of a ledger partition's checkpoints: {@code govstream/<ledger topic>/<partition>}. */
    public static String origin(String ledgerTopic, int partition) {
        return keyName(ledgerTopic) + "/" + partition;
    }

    /** The ledger topic and partition an origin of {@link #origin} names; null if it is not one. */
    public static Partition partitionOf(String origin) {
        if (!origin.startsWith(NAME_PREFIX)) {
            return null;
        }
        int slash = origin.lastIndexOf('/');
        String topic = origin.substring(NAME_PREFIX.length(), Math.max(slash, NAME_PREFIX.length()));
        String number = origin.substring(slash + 1);
        if (topic.isEmpty() || !number.matches("0|[1-9][0-9]{0,8}")) {
            return null;
        }
        return new Partition(topic, Integer.parseInt(number));
    }

    /** A ledger topic and partition. */
    public record Partition(String ledgerTopic, int partition) {
    }

    /** The note text: origin, size, root, extension lines, each followed by a newline. */
    public String text() {
        StringBuilder out = new StringBuilder(origin).append('\n').append(treeSize).append('\n')
                .append(Base64.getEncoder().encodeToString(rootHash)).append('\n');
        extensions.forEach(e -> out.append(e).append('\n'));
        return out.toString();
    }

    /**
     * Parses a checkpoint note text (without signatures).
     *
     * @throws IllegalArgumentException naming the line that is wrong
     */
    public static CheckpointNote parse(String text) {
        if (!text.endsWith("\n")) {
            throw new IllegalArgumentException("checkpoint text does not end with a newline");
        }
        String[] lines = text.substring(0, text.length() - 1).split("\n", -1);
        if (lines.length < 3) {
            throw new IllegalArgumentException("a checkpoint has at least 3 lines (origin, size, root hash), this one " + lines.length);
        }
        if (Arrays.asList(lines).contains("")) {
            throw new IllegalArgumentException("a checkpoint has no empty line");
        }
        if (!SIZE.matcher(lines[1]).matches()) {
            throw new IllegalArgumentException("checkpoint tree size '" + lines[1] + "' is not a decimal without leading zeros");
        }
        long size;
        try {
            size = Long.parseLong(lines[1]);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("checkpoint tree size '" + lines[1] + "' is out of range", e);
        }
        byte[] root = SignedNote.strictBase64(lines[2]);
        if (root == null || root.length != 32) {
            throw new IllegalArgumentException("checkpoint root hash '" + lines[2] + "' is not the base64 of 32 bytes");
        }
        return new CheckpointNote(lines[0], size, root, Arrays.asList(lines).subList(3, lines.length));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CheckpointNote other && origin.equals(other.origin) && treeSize == other.treeSize
                && Arrays.equals(rootHash, other.rootHash) && extensions.equals(other.extensions);
    }

    @Override
    public int hashCode() {
        return Objects.hash(origin, treeSize, Arrays.hashCode(rootHash), extensions);
    }
}
