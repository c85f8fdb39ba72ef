package io.govstream.ledger.checkpoint;

import io.govstream.ledger.merkle.MerkleFrontier;
import io.govstream.ledger.merkle.MerkleHash;
import io.govstream.ledger.merkle.MerkleProofs;
import io.govstream.ledger.merkle.SubtreeHashes;
import io.govstream.secrets.SecretFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

/**
 * A witness (C2SP tlog-cosignature v1): it cosigns a ledger partition's checkpoint note only if
 * the log's key signed it and the tree is consistent with the last tree of the same origin that
 * this witness cosigned (RFC 6962 consistency proof, built here from the ledger's entries since then
 * and verified against both roots). It never cosigns a smaller tree, nor another root at the same
 * size, and it writes its state ({@link WitnessState}) before it hands out a cosignature.
 */
public final class Witness {
    /** Leaf hashes of a partition's entries with sequences {@code from} (inclusive) to {@code to} (exclusive), in order. */
    public interface LeafSource {
        List<byte[]> leafHashes(String ledgerTopic, int partition, long from, long to);
    }

    /** What the witness did with one checkpoint. */
    public sealed interface Outcome permits Cosigned, Unchanged, Refused {
        String origin();
    }

    /** Cosigned: {@code note} is the checkpoint note with this witness's cosignature line. */
    public record Cosigned(String origin, long size, long previousSize, String note) implements Outcome {
    }

    /** Already cosigned at this size and root: nothing new. */
    public record Unchanged(String origin, long size) implements Outcome {
    }

    /** Refused, and why. */
    public record Refused(String origin, String reason) implements Outcome {
    }

    private final NoteSigner key;
    private final WitnessState state;

    public Witness(NoteSigner key, WitnessState state) {
        this.key = Objects.requireNonNull(key, "key");
        this.state = Objects.requireNonNull(state, "state");
    }

    /**
     * @param note    a checkpoint note (possibly with other witnesses' cosignatures)
     * @param logKeys the ledger's keys: the note must be signed by one of them
     * @param leaves  the ledger, to build the consistency proof from
     * @param now     the cosignature's time, POSIX seconds
     */
    public Outcome cosign(String note, CheckpointVerifier logKeys, LeafSource leaves, long now) {
        SignedNote parsed;
        CheckpointNote body;
        try {
            parsed = SignedNote.parse(note);
            body = CheckpointNote.parse(parsed.text());
        } catch (IllegalArgumentException e) {
            return new Refused("?", "not a checkpoint note: " + e.getMessage());
        }
        String origin = body.origin();
        CheckpointNote.Partition partition = CheckpointNote.partitionOf(origin);
        if (partition == null) {
            return new Refused(origin, "the origin is not a ledger partition (govstream/<ledger topic>/<partition>)");
        }
        try {
            logKeys.signers(parsed, partition.ledgerTopic());
        } catch (CheckpointVerifier.NotSigned e) {
            return new Refused(origin, "the note " + e.getMessage());
        }
        if (!body.extensions().isEmpty()) {
            return new Refused(origin, "the note has extension lines, which the ledger never writes");
        }
        WitnessState.Cosigned last = state.last(origin).orElse(
                new WitnessState.Cosigned(0, MerkleHash.emptyRoot(), MerkleFrontier.empty(), 0));
        long m = last.size();
        long n = body.treeSize();
        if (n < m) {
            return new Refused(origin, "tree size " + n + " is smaller than the size " + m + " this witness already cosigned: the log went back");
        }
        if (n == m) {
            if (!Arrays.equals(body.rootHash(), last.root())) {
                return new Refused(origin, "root " + b64(body.rootHash()) + " at size " + n + " differs from the root " + b64(last.root())
                        + " this witness cosigned at that size: two views of the log");
            }
            WitnessPolicy mine = new WitnessPolicy(List.of(key.cosignatureKey()), 1);
            if (mine.met(mine.cosigners(parsed))) { // this witness's cosignature is already on the note
                return new Unchanged(origin, n);
            }
            // Cosigned before but the cosignature never reached this note (e.g. the witness stopped after saving its state):
            // the same tree head is cosigned again, with the current time.
            state.record(origin, new WitnessState.Cosigned(n, last.root(), last.frontier(), now));
            return new Cosigned(origin, n, m, parsed.with(key.cosign(parsed.text(), now)).format());
        }
        List<byte[]> appended;
        try {
            appended = leaves.leafHashes(partition.ledgerTopic(), partition.partition(), m, n);
        } catch (RuntimeException e) {
            return new Refused(origin, "cannot read entries " + m + ".." + (n - 1) + " of the ledger: " + e.getMessage());
        }
        if (appended.size() != n - m) {
            return new Refused(origin, "the ledger holds " + appended.size() + " of the " + (n - m) + " entries " + m + ".." + (n - 1)
                    + " the checkpoint covers");
        }
        List<byte[]> proof = MerkleProofs.consistencyProof(m, n, SubtreeHashes.ofFrontierAndLeaves(last.frontier(), appended));
        if (!MerkleProofs.verifyConsistency(m, n, last.root(), body.rootHash(), proof)) {
            return new Refused(origin, "not consistent with the tree of size " + m + " this witness cosigned: no consistency proof from size "
                    + m + " to " + n + " leads to the signed root");
        }
        MerkleFrontier frontier = last.frontier();
        for (byte[] leaf : appended) {
            frontier = frontier.appendLeafHash(leaf);
        }
        if (!Arrays.equals(frontier.root(), body.rootHash())) {
            return new Refused(origin, "the ledger's first " + n + " entries do not give the signed root");
        }
        state.record(origin, new WitnessState.Cosigned(n, body.rootHash(), frontier, now)); // before the cosignature leaves
        return new Cosigned(origin, n, m, parsed.with(key.cosign(parsed.text(), now)).format());
    }

    /** Generates a witness key named {@code name} and writes it to {@code file}, readable by its owner only. */
    public static NoteSigner generateKey(String name, Path file) {
        if (Files.exists(file)) {
            throw new IllegalArgumentException(file + " already exists: a witness keeps its key");
        }
        NoteSigner key = NoteSigner.generate(name);
        if (!SecretFiles.createIfAbsent(file, key.privateKeyText() + "\n")) {
            throw new IllegalArgumentException(file + " already exists: a witness keeps its key");
        }
        return key;
    }

    /**
     * Reads a witness key file ({@code PRIVATE+KEY+<name>+<hash>+<base64>}).
     *
     * @throws IllegalStateException    if others can read it (the message names the {@code chmod} that fixes it)
     * @throws IllegalArgumentException if it is not a key
     */
    public static NoteSigner loadKey(Path file) {
        if (!Files.exists(file)) {
            throw new IllegalArgumentException("no witness key at " + file + ": create one with 'govctl ledger witness keygen'");
        }
        String text = SecretFiles.readString(file);
        try {
            return NoteSigner.parse(text.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + " is not a witness key: " + e.getMessage(), e);
        }
    }

    private static String b64(byte[] b) {
        return Base64.getEncoder().encodeToString(b);
    }
}
