package io.govstream.ledger.checkpoint;

import io.govstream.events.LedgerCheckpoint;
import io.govstream.ledger.PayloadDecoder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.Encoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;

/**
 * Signed checkpoints kept outside the cluster: {@code govctl ledger verify --save-checkpoints FILE}
 * writes the latest verified checkpoint of every partition, and {@code --trusted-checkpoint FILE}
 * checks the ledger against them. Whoever can rewrite both the ledger and the checkpoints topic (and
 * holds the signing key) can make them agree with each other, but not with a checkpoint an auditor
 * kept: the rewritten tree's root differs at the trusted size, or the ledger no longer reaches it.
 *
 * <p>The file is text: lines starting with {@code #} are comments, every other line is one
 * checkpoint in Avro's JSON encoding of {@code LedgerCheckpoint} (its schema is in the project's
 * Avro files and in the schema registry), so it can be read and diffed by hand.
 */
public final class TrustedCheckpoints {
    private TrustedCheckpoints() {
    }

    public static void write(Path file, Collection<LedgerCheckpoint> checkpoints) {
        StringBuilder text = new StringBuilder("# govstream trusted checkpoints: one LedgerCheckpoint per line, Avro JSON encoding\n");
        SpecificDatumWriter<LedgerCheckpoint> writer = new SpecificDatumWriter<>(LedgerCheckpoint.class);
        for (LedgerCheckpoint checkpoint : checkpoints) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try {
                Encoder encoder = EncoderFactory.get().jsonEncoder(LedgerCheckpoint.getClassSchema(), out);
                writer.write(checkpoint, encoder);
                encoder.flush();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot encode a checkpoint", e);
            }
            text.append(out.toString(StandardCharsets.UTF_8).replace("\n", "")).append('\n');
        }
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** @throws IllegalArgumentException naming the file and line of a line that is not a checkpoint */
    public static List<LedgerCheckpoint> read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the trusted checkpoints " + file, e);
        }
        List<LedgerCheckpoint> checkpoints = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            checkpoints.add(decode(line, file + ":" + (i + 1)));
        }
        if (checkpoints.isEmpty()) {
            throw new IllegalArgumentException(file + ": holds no checkpoint");
        }
        return checkpoints;
    }

    /**
     * One line, written by this version or an older one: Avro's JSON decoder needs every field of the
     * writer's schema, so a line without the fields added since (each with a default, appended at the
     * end) is read with the schema it was written with, the missing fields taking their defaults.
     */
    private static LedgerCheckpoint decode(String line, String where) {
        Schema current = LedgerCheckpoint.getClassSchema();
        try {
            return PayloadDecoder.readAnyForm(current, writer ->
                    new SpecificDatumReader<LedgerCheckpoint>(writer, current).read(null, DecoderFactory.get().jsonDecoder(writer, line)));
        } catch (IOException e) {
            throw new IllegalArgumentException(where + ": not a LedgerCheckpoint in Avro JSON: " + e.getMessage(), e);
        }
    }

    /** The trusted checkpoints as records the audit checks beside the topic's (offset -1: from outside the cluster). */
    public static List<CheckpointRecord> records(List<LedgerCheckpoint> trusted) {
        return trusted.stream().map(cp -> new CheckpointRecord(-1, cp)).toList();
    }
}
