package io.govstream.ledger.export;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.govstream.events.LedgerEntry;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.avro.file.CodecFactory;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.specific.SpecificDatumWriter;

/**
 * The export formats. JSON lines and CSV show readable fields; Avro container files hold the
 * matching {@link LedgerEntry} records unchanged (schema embedded), so every exported entry's
 * hash can be recomputed from the file. Each states the {@link ExportHeader}: JSON lines as the
 * first line, CSV as leading {@code #} comment lines, Avro as file metadata
 * {@value #AVRO_HEADER_META}.
 */
public enum ExportFormat {
    JSONL, CSV, AVRO;

    public static final String AVRO_HEADER_META = "govstream.export.header";
    static final List<String> COLUMNS = List.of("partition", "sequence", "offset", "kind", "appendedAt", "tenant", "correlationId",
            "payloadType", "effect", "target", "subject", "source", "intent", "ruleId", "policySetId", "policyVersion", "reason",
            "decidedAt", "subjectRef", "hash");
    static final ObjectMapper JSON = new ObjectMapper();

    public static ExportFormat parse(String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown export format '" + name + "': use jsonl, csv or avro", e);
        }
    }

    /** Writes rows somewhere; closing it flushes (and writes a trailer where the format has one) but never closes the stream. */
    public interface Sink extends AutoCloseable {
        void write(ExportRow row);

        @Override
        void close();
    }

    public Sink open(OutputStream out, ExportHeader header) {
        return switch (this) {
            case JSONL, CSV -> openText(new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8)), header);
            case AVRO -> new Avro(out, header);
        };
    }

    /** A text format onto a writer (a terminal); Avro is binary and needs {@link #open}. */
    public Sink openText(Writer out, ExportHeader header) {
        return switch (this) {
            case JSONL -> new JsonLines(out, header);
            case CSV -> new Csv(out, header);
            case AVRO -> throw new IllegalArgumentException("avro is binary: write it to a file (--out FILE) or a pipe");
        };
    }

    public boolean binary() {
        return this == AVRO;
    }

    /** The readable fields of a row as JSON (also what {@code ledger access} prints per entry). */
    public static ObjectNode json(ExportRow row) {
        ObjectNode o = JSON.createObjectNode();
        List<String> values = values(row);
        for (int i = 0; i < COLUMNS.size(); i++) {
            if (i <= 2) { // partition, sequence and offset are numbers, never null
                o.put(COLUMNS.get(i), Long.parseLong(values.get(i)));
            } else {
                o.put(COLUMNS.get(i), values.get(i)); // null puts a JSON null
            }
        }
        return o;
    }

    /** The cells of a row, in {@link #COLUMNS} order; null where the row has no value. */
    static List<String> values(ExportRow r) {
        return Arrays.asList(String.valueOf(r.partition()), String.valueOf(r.sequence()), String.valueOf(r.offset()), r.kind(),
                r.appendedAt().toString(), r.tenant(), r.correlationId(), r.entry().getPayloadType(), r.effect(), r.target(),
                r.subject(), r.source(), r.intent(), r.ruleId(), r.policySetId(), r.policyVersion(), r.reason(),
                r.decidedAt() == null ? null : r.decidedAt().toString(), r.subjectRef(), r.hashHex());
    }

    /** A CSV cell, quoted as RFC 4180 says (fields with commas, quotes or line breaks; quotes inside doubled); null is empty. */
    public static String csvCell(String value) {
        if (value == null) {
            return "";
        }
        if (value.contains(",") || value.contains("\"") || value.contains("\n") || value.contains("\r")) {
            return '"' + value.replace("\"", "\"\"") + '"';
        }
        return value;
    }

    /** One step of writing an export. */
    private interface Step {
        void run() throws IOException;
    }

    private static void io(Step step) {
        try {
            step.run();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the export", e);
        }
    }

    private static final class JsonLines implements Sink {
        private final Writer out;
        private long count;

        JsonLines(Writer out, ExportHeader header) {
            this.out = out;
            line(header.toJson());
        }

        @Override
        public void write(ExportRow row) {
            ObjectNode o = JSON.createObjectNode().put("type", "entry");
            o.setAll(json(row));
            line(o);
            count++;
        }

        @Override
        public void close() {
            line(JSON.createObjectNode().put("type", "summary").put("entries", count));
            io(out::flush);
        }

        private void line(ObjectNode node) {
            io(() -> out.write(JSON.writeValueAsString(node) + "\n"));
        }
    }

    private static final class Csv implements Sink {
        private final Writer out;
        private long count;

        Csv(Writer out, ExportHeader header) {
            this.out = out;
            io(() -> {
                out.write("# " + ExportHeader.FORMAT + " of " + header.ledgerTopic() + ", generated " + header.generatedAt() + "\n");
                out.write("# " + header.summary() + "\n");
                if (!header.filter().describe().isEmpty()) {
                    out.write("# filter " + header.filter().describe() + "\n");
                }
                out.write(String.join(",", COLUMNS) + "\n");
            });
        }

        @Override
        public void write(ExportRow row) {
            List<String> cells = values(row).stream().map(ExportFormat::csvCell).toList();
            io(() -> out.write(String.join(",", cells) + "\n"));
            count++;
        }

        @Override
        public void close() {
            io(() -> {
                out.write("# entries: " + count + "\n");
                out.flush();
            });
        }
    }

    private static final class Avro implements Sink {
        private final DataFileWriter<LedgerEntry> file;

        Avro(OutputStream stream, ExportHeader header) {
            file = new DataFileWriter<>(new SpecificDatumWriter<>(LedgerEntry.class));
            file.setCodec(CodecFactory.deflateCodec(6));
            io(() -> {
                file.setMeta(AVRO_HEADER_META, JSON.writeValueAsString(header.toJson()));
                file.create(LedgerEntry.getClassSchema(), stream);
            });
        }

        @Override
        public void write(ExportRow row) {
            io(() -> file.append(row.entry()));
        }

        @Override
        public void close() {
            io(file::flush); // the last block, without closing the writer: closing it would close the stream (stdout)
        }
    }
}
