package io.govstream.schemas.serde;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.govstream.schemas.registry.SchemaRegistryClient;
import io.govstream.schemas.registry.SchemaRegistryException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Serde for generated Avro classes in the Confluent wire format, with subjects named by the
 * TopicNameStrategy ({@code <topic>-value}). Writers register (or, with auto-register off,
 * look up) their schema once per subject; readers resolve any registered writer schema to
 * the generated class's schema, so a v2 reader reads v1 data.
 */
public final class AvroSerde<T extends SpecificRecord> implements Serde<T> {
    static {
        AvroLimits.ensure(); // before anything here decodes Avro data
    }

    private final Class<T> type;
    private final Schema readerSchema;
    private final SchemaRegistryClient registry;
    private final boolean autoRegister;
    private final ConcurrentMap<String, Integer> idBySubject = new ConcurrentHashMap<>();
    private final ConcurrentMap<Integer, DatumReader<T>> readerById = new ConcurrentHashMap<>();
    private final SpecificDatumWriter<T> writer;
    private volatile Schema rawReaderSchema;

    private AvroSerde(Class<T> type, SchemaRegistryClient registry, boolean autoRegister) {
        this.type = type;
        this.readerSchema = SpecificData.get().getSchema(type);
        this.registry = registry;
        this.autoRegister = autoRegister;
        this.writer = new SpecificDatumWriter<>(readerSchema);
    }

    /** A value serde that registers its schema on first write. */
    public static <T extends SpecificRecord> AvroSerde<T> forValue(Class<T> type, SchemaRegistryClient registry) {
        return new AvroSerde<>(type, registry, true);
    }

    /** A value serde that only looks schemas up: for principals that may not register. */
    public static <T extends SpecificRecord> AvroSerde<T> forValue(Class<T> type, SchemaRegistryClient registry, boolean autoRegister) {
        return new AvroSerde<>(type, registry, autoRegister);
    }

    /** Encodes {@code value} for {@code topic} without a Kafka client. */
    public byte[] encode(String topic, T value) {
        if (value == null) {
            return null;
        }
        String subject = WireFormat.valueSubject(topic);
        int id = idBySubject.computeIfAbsent(subject,
                s -> autoRegister ? registry.register(s, readerSchema) : registry.idOf(s, readerSchema));
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        out.write(WireFormat.MAGIC_BYTE);
        out.writeBytes(ByteBuffer.allocate(4).putInt(id).array());
        BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
        try {
            writer.write(value, encoder);
            encoder.flush();
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("Cannot encode " + type.getSimpleName() + " for topic " + topic + ": " + e.getMessage(), e);
        }
        return out.toByteArray();
    }

    /**
     * Decodes a wire-format record into the generated class.
     *
     * @throws SerializationException  the record is not one: no wire format, a schema id the registry never issued, bytes
     *                                 that do not match the schema
     * @throws SchemaRegistryException the registry failed (5xx): the record may well be fine, try again
     */
    public T decode(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        int id = WireFormat.schemaId(data);
        DatumReader<T> reader = readerById.computeIfAbsent(id, i -> new SpecificDatumReader<>(writerSchema(topic, i), readerSchema));
        return read(reader, null, DecoderFactory.get().binaryDecoder(data, WireFormat.HEADER_SIZE,
                data.length - WireFormat.HEADER_SIZE, null), topic, id);
    }

    /** {@link #decode} of a record's value on a topic of events, where an empty record (a tombstone) is no event either. */
    public T decodeEvent(String topic, byte[] data) {
        if (data == null) {
            throw new SerializationException("Cannot decode " + type.getSimpleName() + " from topic " + topic + ": empty record (null value)");
        }
        return decode(topic, data);
    }

    private Schema writerSchema(String topic, int id) {
        try {
            return registry.schemaById(id);
        } catch (SchemaRegistryException e) {
            if (e.status() >= 500) {
                throw e;
            }
            throw new SerializationException("Cannot decode " + type.getSimpleName() + " from topic " + topic + ": schema id " + id
                    + " is not the registry's: " + e.getMessage(), e);
        }
    }

    /** The record after a wire-format header, which must be the whole rest of the data. */
    private <R> R read(DatumReader<R> reader, R reuse, BinaryDecoder decoder, String topic, int id) {
        try {
            R value = reader.read(reuse, decoder);
            if (!decoder.isEnd()) {
                throw new SerializationException("Trailing bytes after " + type.getSimpleName() + " in topic " + topic);
            }
            return value;
        } catch (IOException | RuntimeException e) {
            if (e instanceof SerializationException se) {
                throw se;
            }
            throw new SerializationException("Cannot decode " + type.getSimpleName() + " (schema id " + id + ") from topic "
                    + topic + ": " + e, e);
        }
    }

    /**
     * A decoder for readers that go through many records and only look at each one before the next
     * (ledger verification): it decodes into one reused record instead of a new {@code T}, and hands
     * out strings as {@link org.apache.avro.util.Utf8}, the UTF-8 bytes as stored, instead of
     * converting them to {@code String}. Schema resolution, the wire-format checks and the errors
     * are those of {@link #decode}. Not thread-safe: one per thread; the serde may be shared.
     */
    public ReusingDecoder reusingDecoder() {
        return new ReusingDecoder();
    }

    /** See {@link #reusingDecoder()}. */
    public final class ReusingDecoder {
        private final java.util.Map<Integer, DatumReader<IndexedRecord>> readerById = new java.util.HashMap<>();
        private BinaryDecoder decoder;
        private IndexedRecord reuse;
        private int lastId = -1;
        private DatumReader<IndexedRecord> lastReader;

        private ReusingDecoder() {
        }

        /**
         * Decodes a wire-format record into this decoder's record, a {@link GenericData.Record} of
         * {@code T}'s schema (same fields, same positions) with {@code Utf8} strings; it is overwritten
         * by the next call. Null for null data (a tombstone).
         */
        public IndexedRecord decode(String topic, byte[] data) {
            if (data == null) {
                return null;
            }
            int id = WireFormat.schemaId(data);
            if (id != lastId) {
                lastReader = readerById.computeIfAbsent(id, i -> new GenericDatumReader<>(registry.schemaById(i), rawReaderSchema()));
                lastId = id;
            }
            decoder = DecoderFactory.get().binaryDecoder(data, WireFormat.HEADER_SIZE, data.length - WireFormat.HEADER_SIZE, decoder);
            try {
                reuse = read(lastReader, reuse, decoder, topic, id);
                return reuse;
            } catch (SerializationException e) {
                reuse = null; // a failed read may leave the record half written
                throw e;
            }
        }
    }

    /**
     * {@code T}'s schema without the generated code's {@code "avro.java.string": "String"} marks, so a
     * generic reader yields {@code Utf8}. Avro cannot remove a property from a schema, hence the copy
     * through its JSON form; the marks change nothing in schema resolution.
     */
    private Schema rawReaderSchema() {
        Schema raw = rawReaderSchema;
        if (raw == null) {
            try {
                ObjectMapper json = new ObjectMapper();
                JsonNode tree = json.readTree(readerSchema.toString());
                stripStringType(tree);
                raw = new Schema.Parser().parse(json.writeValueAsString(tree));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot copy the schema of " + type.getName(), e);
            }
            rawReaderSchema = raw;
        }
        return raw;
    }

    private static void stripStringType(JsonNode node) {
        if (node instanceof ObjectNode object) {
            object.remove(GenericData.STRING_PROP);
        }
        node.forEach(AvroSerde::stripStringType);
    }

    @Override
    public Serializer<T> serializer() {
        return this::encode;
    }

    @Override
    public Deserializer<T> deserializer() {
        return this::decode;
    }
}
