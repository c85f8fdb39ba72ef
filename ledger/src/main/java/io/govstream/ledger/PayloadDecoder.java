package io.govstream.ledger;

import io.govstream.schemas.serde.AvroLimits;
import io.govstream.events.LedgerEntry;
import java.io.IOException;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;

/**
 * Decodes a ledger payload (plain Avro binary, no schema id) into the payload type's current class.
 *
 * <p>A payload is written with its type's schema of the day. Payload schemas only ever grow by
 * appending fields with defaults (the BACKWARD rule the registry enforces), so an entry written
 * before a field was added is the current encoding cut short: when the current schema does not
 * consume the payload exactly, the payload is read again with writer schemas that drop trailing
 * defaulted fields, one at a time, and the missing fields take their defaults. Hand-written: Avro
 * resolves writer against reader schemas, but without a schema id the writer schema must be found.
 */
public final class PayloadDecoder {
    static {
        AvroLimits.ensure(); // before anything here decodes Avro data
    }

    private PayloadDecoder() {
    }

    /** Reads data written with {@code writer}; null if that schema does not consume the data exactly. */
    @FunctionalInterface
    public interface Read<T> {
        T with(Schema writer) throws IOException;
    }

    public static <T extends SpecificRecord> T decode(byte[] payload, Class<T> type) throws IOException {
        Schema current = SpecificData.get().getSchema(type);
        return readAnyForm(current, writer -> {
            BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(payload, null);
            T value = new SpecificDatumReader<T>(writer, current).read(null, decoder);
            return decoder.isEnd() ? value : null;
        });
    }

    /** Decodes an entry's payload; a payload that does not decode fails naming the entry. */
    public static <T extends SpecificRecord> T decode(LedgerEntry entry, Class<T> type) {
        try {
            return decode(Bytes.of(entry.getPayload()), type);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("ledger partition " + entry.getPartition() + " sequence " + entry.getSequence()
                    + ": payload is not a " + type.getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads data written with {@code current} or one of its older forms, as {@link #decode} reads a payload:
     * with {@code current} first, then with writer schemas that drop its trailing defaulted fields one at a time.
     *
     * @throws IOException the first form's failure, or that the data has bytes beyond every form
     */
    public static <T> T readAnyForm(Schema current, Read<T> read) throws IOException {
        List<Schema.Field> fields = current.getFields();
        IOException first = null;
        for (int kept = fields.size(); kept >= 0; kept--) {
            if (kept < fields.size() && !fields.get(kept).hasDefaultValue()) {
                break; // only appended, defaulted fields can be missing from older data
            }
            try {
                T value = read.with(kept == fields.size() ? current : prefix(current, kept));
                if (value != null) {
                    return value;
                }
            } catch (IOException | RuntimeException e) {
                if (first == null) {
                    first = e instanceof IOException io ? io : new IOException(e.getMessage(), e);
                }
            }
        }
        throw first != null ? first : new IOException("payload has bytes beyond every known form of " + current.getFullName());
    }

    private static Schema prefix(Schema schema, int kept) {
        List<Schema.Field> copy = schema.getFields().subList(0, kept).stream().map(f -> new Schema.Field(f, f.schema())).toList();
        Schema writer = Schema.createRecord(schema.getName(), schema.getDoc(), schema.getNamespace(), false, copy);
        schema.getObjectProps().forEach(writer::addProp);
        return writer;
    }
}
