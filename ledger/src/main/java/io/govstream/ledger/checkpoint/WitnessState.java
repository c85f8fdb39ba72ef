package io.govstream.ledger.checkpoint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.govstream.ledger.merkle.MerkleFrontier;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What a witness remembers, per origin, of the last checkpoint it cosigned: tree size, root and the
 * compact Merkle frontier at that size (so the next cosigning reads only the entries appended since).
 * A small JSON file ({@value #FORMAT}), rewritten atomically before a cosignature is released, and
 * bound to the witness's key so that one witness never continues from another's state.
 */
public final class WitnessState {
    public static final String FORMAT = "govstream-witness-state-v1";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** The last cosigned tree head of an origin. */
    public record Cosigned(long size, byte[] root, MerkleFrontier frontier, long cosignedAt) {
    }

    private final Path file;
    private final String witness;
    private final Map<String, Cosigned> origins;

    private WitnessState(Path file, String witness, Map<String, Cosigned> origins) {
        this.file = file;
        this.witness = witness;
        this.origins = origins;
    }

    /**
     * The state at {@code file}, empty if the file does not exist yet.
     *
     * @throws IllegalArgumentException if the file is not a witness state, or belongs to another witness key
     */
    public static WitnessState load(Path file, NoteVerifierKey witness) {
        Map<String, Cosigned> origins = new TreeMap<>();
        if (!Files.exists(file)) {
            return new WitnessState(file, witness.vkey(), origins);
        }
        JsonNode root;
        try {
            root = JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the witness state " + file, e);
        }
        if (root == null || !FORMAT.equals(root.path("format").asText())) {
            throw new IllegalArgumentException(file + " is not a " + FORMAT + " file");
        }
        if (!witness.vkey().equals(root.path("witness").asText())) {
            throw new IllegalArgumentException(file + " is the state of witness " + root.path("witness").asText() + ", not of "
                    + witness.vkey() + ": give each witness key its own state file");
        }
        for (var entry : root.path("origins").properties()) {
            JsonNode o = entry.getValue();
            long size = o.path("size").asLong(-1);
            byte[] treeRoot;
            MerkleFrontier frontier;
            try {
                List<byte[]> roots = new ArrayList<>();
                o.path("frontier").forEach(h -> roots.add(Base64.getDecoder().decode(h.asText())));
                treeRoot = Base64.getDecoder().decode(o.path("root").asText());
                frontier = MerkleFrontier.of(size, roots);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(file + " is not a valid witness state: " + e.getMessage(), e);
            }
            if (!java.util.Arrays.equals(frontier.root(), treeRoot)) {
                throw new IllegalArgumentException(file + ": the frontier of " + entry.getKey() + " does not fold to its root");
            }
            origins.put(entry.getKey(), new Cosigned(size, treeRoot, frontier, o.path("cosignedAt").asLong()));
        }
        return new WitnessState(file, witness.vkey(), origins);
    }

    public Optional<Cosigned> last(String origin) {
        return Optional.ofNullable(origins.get(origin));
    }

    /** Records a cosigned tree head and writes the file (temp file, then atomic rename). */
    public void record(String origin, Cosigned cosigned) {
        origins.put(origin, cosigned);
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        root.put("witness", witness);
        ObjectNode all = root.putObject("origins");
        origins.forEach((name, c) -> {
            ObjectNode o = all.putObject(name);
            o.put("size", c.size());
            o.put("root", Base64.getEncoder().encodeToString(c.root()));
            var frontier = o.putArray("frontier");
            c.frontier().roots().forEach(h -> frontier.add(Base64.getEncoder().encodeToString(h)));
            o.put("cosignedAt", c.cosignedAt());
        });
        try {
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, ".witness-state", ".tmp");
            JSON.writeValue(tmp.toFile(), root);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the witness state " + file, e);
        }
    }
}
