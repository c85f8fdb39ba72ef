package io.govstream.ledger.pack;

import com.fasterxml.jackson.databind.JsonNode;
import io.govstream.events.LedgerCheckpoint;
import io.govstream.events.LedgerEntry;
import io.govstream.ledger.BoundedText;
import io.govstream.ledger.Bytes;
import io.govstream.ledger.ChainHasher;
import io.govstream.ledger.checkpoint.CheckpointVerifier;
import io.govstream.ledger.export.AvroContainerCheck;
import io.govstream.ledger.proof.ProofChecker;
import io.govstream.ledger.proof.ProofJson;
import io.govstream.schemas.serde.AvroLimits;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.file.DataFileStream;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.kafka.common.utils.Utils;

/**
 * Checks an {@link EvidencePack} offline with only the signer's public key: every file against the
 * manifest's SHA-256 (and no file added), every entry's hashes recomputed from its content, every
 * proof (entry → audit path → signed root → signature), every checkpoint's signature, and that each
 * entry has a proof or is listed as not yet covered by a checkpoint.
 */
public final class PackVerifier {
    static {
        AvroLimits.ensure(); // before anything here decodes Avro data
    }

    private static final HexFormat HEX = HexFormat.of();
    private static final long EXPANSION = 100;
    private static final long MIN_BUDGET = 16 << 20;

    /** The outcome: problems (empty = the pack holds) and what was checked. */
    public record Result(List<String> problems, int entries, int proofs, int checkpoints, int unproven, Set<String> keyIds, JsonNode header) {
        public boolean holds() {
            return problems.isEmpty();
        }
    }

    private PackVerifier() {
    }

    /** @param pack a pack directory or .zip */
    public static Result verify(Path pack, CheckpointVerifier keys) {
        try {
            if (Files.isRegularFile(pack)) {
                Path dir = Files.createTempDirectory("govstream-pack-check");
                try {
                    unzip(pack, dir);
                    return verifyDir(dir, keys);
                } finally {
                    Utils.delete(dir.toFile());
                }
            }
            return verifyDir(pack, keys);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the evidence pack " + pack, e);
        }
    }

    private static Result verifyDir(Path dir, CheckpointVerifier keys) throws IOException {
        List<String> problems = new ArrayList<>();
        Path manifestFile = dir.resolve(EvidencePack.MANIFEST);
        if (!Files.exists(manifestFile)) {
            throw new IllegalArgumentException(dir + " has no " + EvidencePack.MANIFEST + ": not an evidence pack");
        }
        JsonNode manifest = EvidencePack.JSON.readTree(BoundedText.read(manifestFile, "pack manifest"));
        if (!EvidencePack.FORMAT.equals(manifest.path("format").asText())) {
            throw new IllegalArgumentException(dir + ": not a " + EvidencePack.FORMAT + " manifest");
        }

        Set<String> listed = new HashSet<>();
        for (JsonNode f : manifest.path("files")) {
            String name = f.path("path").asText();
            listed.add(name);
            Path file = dir.resolve(name).normalize();
            if (!file.startsWith(dir) || !Files.isRegularFile(file)) {
                problems.add(name + ": listed in the manifest but missing");
            } else if (f.has("bytes") && Files.size(file) != f.path("bytes").asLong()) { // not hashed: a file of gigabytes takes a minute
                problems.add(name + ": " + Files.size(file) + " bytes, the manifest states " + f.path("bytes").asLong() + " (the file was altered)");
            } else if (!ChainHasher.sha256Hex(file).equals(f.path("sha256").asText())) {
                problems.add(name + ": SHA-256 differs from the manifest (the file was altered)");
            }
        }
        for (Path file : EvidencePack.listFiles(dir)) {
            String name = dir.relativize(file).toString().replace('\\', '/');
            if (!listed.contains(name)) {
                problems.add(name + ": not listed in the manifest (added after the pack was made)");
            }
        }

        Map<String, LedgerEntry> entries = new HashMap<>();
        Path avro = dir.resolve(EvidencePack.ENTRIES_AVRO);
        if (Files.exists(avro)) {
            try {
                AvroContainerCheck.check(avro);
                try (InputStream in = Files.newInputStream(avro);
                     DataFileStream<LedgerEntry> file = new DataFileStream<>(in, new SpecificDatumReader<>(LedgerEntry.class))) {
                    for (LedgerEntry e : file) {
                        String position = e.getPartition() + ":" + e.getSequence();
                        if (!Arrays.equals(ChainHasher.hash(e), Bytes.of(e.getHash()))) {
                            problems.add("entry " + position + ": content does not match its hash");
                        } else if (!Arrays.equals(ChainHasher.sha256(Bytes.of(e.getPayload())), Bytes.of(e.getPayloadHash()))) {
                            problems.add("entry " + position + ": payload does not match its payloadHash");
                        }
                        entries.put(position, e);
                    }
                }
            } catch (IllegalArgumentException | AvroRuntimeException e) {
                problems.add(EvidencePack.ENTRIES_AVRO + ": " + e.getMessage());
            }
        } else {
            problems.add(EvidencePack.ENTRIES_AVRO + ": missing");
        }
        if (entries.size() != manifest.path("entries").asInt(-1)) {
            problems.add("manifest states " + manifest.path("entries").asInt(-1) + " entries, " + EvidencePack.ENTRIES_AVRO + " holds " + entries.size());
        }

        Set<String> unproven = new HashSet<>();
        manifest.path("unproven").forEach(n -> unproven.add(n.asText()));
        int proofs = 0;
        Set<String> keyIds = new java.util.TreeSet<>();
        for (Map.Entry<String, LedgerEntry> e : new java.util.TreeMap<>(entries).entrySet()) {
            LedgerEntry entry = e.getValue();
            Path proofFile = dir.resolve(EvidencePack.proofFile(entry.getPartition(), entry.getSequence()));
            if (!Files.exists(proofFile)) {
                if (!unproven.contains(e.getKey())) {
                    problems.add("entry " + e.getKey() + ": no proof, and the manifest does not list it as unproven");
                }
                continue;
            }
            ProofChecker.Outcome outcome;
            try {
                outcome = ProofChecker.verify(BoundedText.read(proofFile, "proof file"), keys, null);
            } catch (IllegalArgumentException tooLarge) {
                problems.add("entry " + e.getKey() + ": " + tooLarge.getMessage());
                continue;
            }
            if (!outcome.holds()) {
                problems.add("entry " + e.getKey() + ": proof does not hold: " + outcome.problem());
                continue;
            }
            byte[] proven = Bytes.of(outcome.proof().entry().getHash());
            if (!Arrays.equals(proven, Bytes.of(entry.getHash()))) {
                problems.add("entry " + e.getKey() + ": its proof is about another entry (hash " + HEX.formatHex(proven) + ")");
                continue;
            }
            proofs++;
            keyIds.add(outcome.proof().signedBy());
        }

        int checkpoints = 0;
        Path cpFile = dir.resolve(EvidencePack.CHECKPOINTS);
        if (Files.exists(cpFile)) {
            List<String> lines;
            try {
                lines = BoundedText.read(cpFile, "pack checkpoints file").lines().toList();
            } catch (IllegalArgumentException tooLarge) {
                problems.add(tooLarge.getMessage());
                lines = List.of();
            }
            for (String line : lines) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode node = EvidencePack.JSON.readTree(line);
                LedgerCheckpoint cp;
                try {
                    cp = ProofJson.readCheckpoint(node);
                } catch (IllegalArgumentException ex) {
                    problems.add("checkpoint at offset " + node.path("offset").asLong() + ": " + ex.getMessage());
                    continue;
                }
                keys.check(cp).ifPresent(bad -> problems.add("checkpoint at offset " + node.path("offset").asLong() + " (partition "
                        + cp.getPartition() + ", size " + cp.getTreeSize() + "): " + bad));
                checkpoints++;
            }
        }
        return new Result(problems, entries.size(), proofs, checkpoints, unproven.size(), keyIds, manifest.path("header"));
    }

    /**
     * Unpacks a zipped pack, refusing one that expands to more than {@value #EXPANSION} times its own size (or
     * {@value #MIN_BUDGET} bytes if more): a pack's files (hashes, signatures, Avro) deflate to a third or so, while a
     * zip of zeros expands a thousandfold, onto the disk of whoever checks it.
     */
    private static void unzip(Path zipFile, Path dir) throws IOException {
        long budget = Math.max(MIN_BUDGET, EXPANSION * Files.size(zipFile));
        byte[] buffer = new byte[64 << 10];
        try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(zipFile))) {
            ZipEntry entry;
            while ((entry = zip.getNextEntry()) != null) {
                Path target = dir.resolve(entry.getName()).normalize();
                if (!target.startsWith(dir)) {
                    throw new IllegalArgumentException(zipFile + ": entry " + entry.getName() + " points outside the pack");
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                    continue;
                }
                Files.createDirectories(target.getParent());
                try (OutputStream out = Files.newOutputStream(target, StandardOpenOption.CREATE_NEW)) {
                    for (int n; (n = zip.read(buffer)) > 0; ) {
                        budget -= n;
                        if (budget < 0) {
                            throw new IllegalArgumentException(zipFile + ": its entries expand to more than " + EXPANSION
                                    + " times its size (at " + entry.getName() + "): not a pack this tool unpacks");
                        }
                        out.write(buffer, 0, n);
                    }
                }
            }
        }
    }
}
