package io.govstream.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.govstream.events.DeadLetter;
import io.govstream.events.DispatchCommand;
import io.govstream.events.DispatchRequested;
import io.govstream.events.DispatchResult;
import io.govstream.events.DispatchStatus;
import io.govstream.events.Effect;
import io.govstream.events.Envelope;
import io.govstream.events.GovernanceDecision;
import io.govstream.events.LedgerEntry;
import io.govstream.events.LedgerEntryKind;
import io.govstream.schemas.registry.InMemorySchemaRegistryClient;
import io.govstream.schemas.registry.SchemaRegistryException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.data.TimeConversions;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class AvroSerdeTest {
    private static final Instant AT = Instant.ofEpochMilli(1_700_000_000_123L);

    private final InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();

    static Envelope envelope() {
        return Envelope.newBuilder()
                .setEventId("e-1").setCorrelationId("c-1").setCausationId("e-1").setTenant("acme")
                .setOccurredAt(AT).setProducer("test").setTraceparent("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01")
                .build();
    }

    static Stream<SpecificRecord> everyEvent() {
        ByteBuffer bytes = ByteBuffer.wrap(new byte[] {1, 2, 3});
        return Stream.of(
                DispatchRequested.newBuilder().setEnvelope(envelope()).setSource("orbit").setTarget("axon")
                        .setIntent("reason").setSubject("alice").setAttributes(Map.of("env", "prod")).build(),
                DispatchCommand.newBuilder().setEnvelope(envelope()).setCommandId("cmd-1").setDecisionEventId("d-1")
                        .setTarget("axon").setIntent("reason").setSubject("alice").build(),
                DispatchResult.newBuilder().setEnvelope(envelope()).setCommandId("cmd-1").setWorker("axon-0")
                        .setStatus(DispatchStatus.SUCCEEDED).setError(null).setStartedAt(AT).setFinishedAt(AT.plusMillis(5)).build(),
                GovernanceDecision.newBuilder().setEnvelope(envelope()).setRequestEventId("e-0").setEffect(Effect.DENY)
                        .setPolicySetId("base").setPolicyVersion("3").setPolicyHash("sha256:00").setRuleId("default-deny")
                        .setReason("no rule matched").setSource("orbit").setTarget("axon").setIntent("reason")
                        .setSubject("alice").build(),
                DeadLetter.newBuilder().setEnvelope(envelope()).setSourceTopic("governance.dispatch.requests")
                        .setSourcePartition(2).setSourceOffset(42L).setErrorType("SerializationException")
                        .setErrorMessage("bad magic").setKey(null).setValue(bytes).build(),
                LedgerEntry.newBuilder().setEnvelope(envelope()).setPartition(0).setSequence(7L)
                        .setKind(LedgerEntryKind.DECISION).setSubjectKey("c-1").setPayloadType("io.govstream.events.GovernanceDecision")
                        .setPayload(bytes).setPayloadHash(bytes).setPrevHash(bytes).setHash(bytes).build());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyEvent")
    @SuppressWarnings({"unchecked", "rawtypes"})
    void givenEachEvent_whenEncodedAndDecoded_thenEqualToTheOriginal(SpecificRecord event) {
        AvroSerde serde = AvroSerde.forValue(event.getClass(), registry);

        byte[] bytes = serde.encode("topic-" + event.getSchema().getName(), event);
        Object decoded = serde.decode("topic-" + event.getSchema().getName(), bytes);

        assertThat(decoded).isEqualTo(event);
        assertThat(registry.latest("topic-" + event.getSchema().getName() + "-value").schema()).isEqualTo(event.getSchema());
    }

    @Test
    void givenRegisteredSchema_whenEncoded_thenConfluentWireFormatHeader() {
        // Take id 1 with another subject so the serde's schema gets an id whose bytes are not all zero.
        registry.register("other-value", Schema.create(Schema.Type.STRING));
        AvroSerde<DispatchCommand> serde = AvroSerde.forValue(DispatchCommand.class, registry);
        DispatchCommand command = (DispatchCommand) everyEvent().filter(DispatchCommand.class::isInstance).findFirst().orElseThrow();

        byte[] bytes = serde.encode("governance.axon.commands", command);

        int id = registry.idOf("governance.axon.commands-value", DispatchCommand.getClassSchema());
        assertThat(id).isEqualTo(2);
        assertThat(bytes[0]).isEqualTo((byte) 0);
        assertThat(new byte[] {bytes[1], bytes[2], bytes[3], bytes[4]}).containsExactly(0, 0, 0, 2);
        assertThat(WireFormat.schemaId(bytes)).isEqualTo(id);
    }

    @Test
    void givenUnknownMagicByte_whenDecoded_thenSerializationExceptionNamesIt() {
        AvroSerde<DispatchCommand> serde = AvroSerde.forValue(DispatchCommand.class, registry);
        byte[] notOurs = {1, 0, 0, 0, 1, 2, 3};

        assertThatThrownBy(() -> serde.decode("t", notOurs))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("Unknown magic byte 1")
                .hasMessageContaining("not a Confluent wire-format record");
    }

    @Test
    void givenTooShortRecord_whenDecoded_thenSerializationExceptionSaysSo() {
        AvroSerde<DispatchCommand> serde = AvroSerde.forValue(DispatchCommand.class, registry);

        assertThatThrownBy(() -> serde.decode("t", new byte[] {0, 0}))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("2 bytes, need at least 5");
    }

    @Test
    void givenV1Data_whenReadWithV2Class_thenNewFieldsTakeTheirDefaults() throws IOException {
        // v1 of DispatchRequested had neither payload nor attributes.
        Schema envelopeSchema = Envelope.getClassSchema();
        Schema v1 = SchemaBuilder.record("DispatchRequested").namespace("io.govstream.events").fields()
                .name("envelope").type(envelopeSchema).noDefault()
                .requiredString("source")
                .requiredString("target")
                .requiredString("intent")
                .requiredString("subject")
                .endRecord();
        String subject = WireFormat.valueSubject("governance.dispatch.requests");
        int v1Id = registry.register(subject, v1);
        GenericRecord old = new GenericData.Record(v1);
        old.put("envelope", envelope());
        old.put("source", "orbit");
        old.put("target", "axon");
        old.put("intent", "reason");
        old.put("subject", "alice");

        byte[] v1Bytes = wireFormat(v1Id, v1, old);
        AvroSerde<DispatchRequested> v2Serde = AvroSerde.forValue(DispatchRequested.class, registry);
        DispatchRequested read = v2Serde.decode("governance.dispatch.requests", v1Bytes);

        assertThat(read.getSubject()).isEqualTo("alice");
        assertThat(read.getEnvelope().getOccurredAt()).isEqualTo(AT);
        assertThat(read.getPayload()).isEqualTo("{}");
        assertThat(read.getAttributes()).isEmpty();
        // and v2 registers as version 2 of the same subject: adding fields with defaults is BACKWARD compatible
        v2Serde.encode("governance.dispatch.requests", read);
        assertThat(registry.latest(subject).version()).isEqualTo(2);
    }

    @Test
    void givenBackwardSubject_whenFieldWithoutDefaultAdded_thenRegistrationFailsWith409() {
        Schema v1 = SchemaBuilder.record("Thing").fields().requiredString("a").endRecord();
        Schema v2 = SchemaBuilder.record("Thing").fields().requiredString("a").requiredLong("b").endRecord();
        registry.register("things-value", v1);

        assertThat(registry.isCompatible("things-value", v2)).isFalse();
        assertThatThrownBy(() -> registry.register("things-value", v2))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
                    assertThat(e.status()).isEqualTo(409);
                    assertThat(e).hasMessageContaining("error code 409)");
                })
                .hasMessageContaining("incompatible")
                .hasMessageContaining("b");
    }

    @Test
    void givenNoAutoRegister_whenSchemaUnregistered_thenEncodeFailsWith40403() {
        AvroSerde<DispatchCommand> serde = AvroSerde.forValue(DispatchCommand.class, registry, false);
        DispatchCommand command = (DispatchCommand) everyEvent().filter(DispatchCommand.class::isInstance).findFirst().orElseThrow();

        assertThatThrownBy(() -> serde.encode("governance.axon.commands", command))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> assertThat(e).hasMessageContaining("error code 40403)"));
    }

    @Test
    void givenNull_whenEncodedOrDecoded_thenNull() {
        AvroSerde<DispatchCommand> serde = AvroSerde.forValue(DispatchCommand.class, registry);

        assertThat(serde.serializer().serialize("t", null)).isNull();
        assertThat(serde.deserializer().deserialize("t", null)).isNull();
    }

    @Test
    void givenAnEmptyRecordOrASchemaIdTheRegistryNeverIssued_whenDecodedAsAnEvent_thenTheRecordIsNotOne_notTheRegistryFailing() {
        AvroSerde<DispatchCommand> serde = AvroSerde.forValue(DispatchCommand.class, registry);

        assertThatThrownBy(() -> serde.decodeEvent("governance.axon.commands", null)).isExactlyInstanceOf(SerializationException.class)
                .hasMessage("Cannot decode DispatchCommand from topic governance.axon.commands: empty record (null value)");
        assertThatThrownBy(() -> serde.decodeEvent("governance.axon.commands", new byte[]{0, 0, 0, 0x7f, 0x7f, 2, 'x'}))
                .isExactlyInstanceOf(SerializationException.class)
                .hasMessageStartingWith("Cannot decode DispatchCommand from topic governance.axon.commands: schema id 32639 is not the registry's")
                .hasCauseInstanceOf(SchemaRegistryException.class);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyEvent")
    @SuppressWarnings({"unchecked", "rawtypes"})
    void givenEachEvent_whenDecodedByAReusingDecoder_thenTheFieldsOfDecode_withStringsAsStoredUtf8(SpecificRecord event) {
        AvroSerde serde = AvroSerde.forValue(event.getClass(), registry);
        String topic = "topic-" + event.getSchema().getName();
        byte[] bytes = serde.encode(topic, event);

        org.apache.avro.generic.IndexedRecord raw = serde.reusingDecoder().decode(topic, bytes);

        assertThat(plain(raw)).isEqualTo(plain(serde.decode(topic, bytes)));
        assertThat(raw.get(event.getSchema().getField("envelope").pos())).isInstanceOfSatisfying(org.apache.avro.generic.IndexedRecord.class,
                envelope -> assertThat(envelope.get(Envelope.SCHEMA$.getField("tenant").pos())).isInstanceOf(org.apache.avro.util.Utf8.class));
    }

    @Test
    void givenTwoEntries_whenDecodedOneAfterTheOtherByOneReusingDecoder_thenOneRecordHoldsTheSecond() {
        AvroSerde<LedgerEntry> serde = AvroSerde.forValue(LedgerEntry.class, registry);
        LedgerEntry first = (LedgerEntry) everyEvent().filter(LedgerEntry.class::isInstance).findFirst().orElseThrow();
        LedgerEntry second = LedgerEntry.newBuilder(first).setSequence(8L).setSubjectKey("Zürich/テナント")
                .setPayload(ByteBuffer.wrap(new byte[] {9, 8, 7, 6, 5})).build();
        second.getEnvelope().setTraceparent(null);
        AvroSerde<LedgerEntry>.ReusingDecoder decoder = serde.reusingDecoder();

        org.apache.avro.generic.IndexedRecord a = decoder.decode("ledger", serde.encode("ledger", first));
        Object firstPlain = plain(a);
        org.apache.avro.generic.IndexedRecord b = decoder.decode("ledger", serde.encode("ledger", second));

        assertThat(firstPlain).isEqualTo(plain(first));
        assertThat(b).isSameAs(a);
        assertThat(plain(b)).isEqualTo(plain(second));
    }

    @Test
    void givenV1Data_whenReadByAReusingDecoderOfTheV2Class_thenNewFieldsTakeTheirDefaults() throws IOException {
        Schema v1 = SchemaBuilder.record("DispatchRequested").namespace("io.govstream.events").fields()
                .name("envelope").type(Envelope.getClassSchema()).noDefault()
                .requiredString("source").requiredString("target").requiredString("intent").requiredString("subject")
                .endRecord();
        int v1Id = registry.register(WireFormat.valueSubject("requests"), v1);
        GenericRecord old = new GenericData.Record(v1);
        old.put("envelope", envelope());
        old.put("source", "orbit");
        old.put("target", "axon");
        old.put("intent", "reason");
        old.put("subject", "alice");
        byte[] v1Bytes = wireFormat(v1Id, v1, old);
        AvroSerde<DispatchRequested> v2Serde = AvroSerde.forValue(DispatchRequested.class, registry);

        org.apache.avro.generic.IndexedRecord read = v2Serde.reusingDecoder().decode("requests", v1Bytes);

        assertThat(plain(read)).isEqualTo(plain(v2Serde.decode("requests", v1Bytes)));
        assertThat(read.get(DispatchRequested.SCHEMA$.getField("payload").pos())).hasToString("{}");
    }

    @Test
    void givenBytesThatAreNoRecord_whenDecodedByAReusingDecoder_thenTheSameErrorsAsDecode() {
        AvroSerde<LedgerEntry> serde = AvroSerde.forValue(LedgerEntry.class, registry);
        byte[] valid = serde.encode("ledger", (LedgerEntry) everyEvent().filter(LedgerEntry.class::isInstance).findFirst().orElseThrow());
        byte[] trailing = java.util.Arrays.copyOf(valid, valid.length + 1);
        byte[] truncated = java.util.Arrays.copyOf(valid, valid.length - 7);
        byte[] badLength = valid.clone();
        badLength[WireFormat.HEADER_SIZE] = 1; // eventId's length: one byte, so the fields after it are read out of step

        for (byte[] bad : new byte[][] {"not avro".getBytes(), {0, 0}, trailing, truncated, badLength}) {
            Throwable expected = org.assertj.core.api.Assertions.catchThrowable(() -> serde.decode("ledger", bad));
            assertThat(expected).as("decode of %s", java.util.Arrays.toString(bad)).isInstanceOf(SerializationException.class);
            assertThatThrownBy(() -> serde.reusingDecoder().decode("ledger", bad)).isInstanceOf(SerializationException.class)
                    .hasMessage(expected.getMessage());
        }
    }

    /** Field values as plain Java values, whichever representation a reader chose (String or Utf8, Instant or millis, enum or symbol). */
    private static Object plain(Object value) {
        if (value instanceof org.apache.avro.generic.IndexedRecord record) {
            java.util.List<Object> fields = new java.util.ArrayList<>();
            for (int i = 0; i < record.getSchema().getFields().size(); i++) {
                fields.add(plain(record.get(i)));
            }
            return fields;
        }
        if (value instanceof CharSequence || value instanceof Enum<?> || value instanceof GenericData.EnumSymbol) {
            return value.toString();
        }
        if (value instanceof Instant instant) {
            return instant.toEpochMilli();
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> out = new java.util.TreeMap<>();
            map.forEach((k, v) -> out.put(k.toString(), plain(v)));
            return out;
        }
        if (value instanceof java.util.List<?> list) {
            return list.stream().map(AvroSerdeTest::plain).toList();
        }
        return value;
    }

    static byte[] wireFormat(int id, Schema writerSchema, GenericRecord record) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(WireFormat.MAGIC_BYTE);
        out.write(ByteBuffer.allocate(4).putInt(id).array());
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        // A plain GenericData, as a non-Java producer would have, but able to write the Instant of occurredAt.
        GenericData model = new GenericData();
        model.addLogicalTypeConversion(new TimeConversions.TimestampMillisConversion());
        new GenericDatumWriter<GenericRecord>(writerSchema, model).write(record, encoder);
        encoder.flush();
        return out.toByteArray();
    }
    /** Bytes of this thread's allocations so far (the JVM's own count, of this thread only). */
    private static long allocatedByThisThread() {
        return ((com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean())
                .getThreadAllocatedBytes(Thread.currentThread().getId());
    }

    /** A DispatchRequested in the wire format as a hostile writer would send it: {@code body} after the header of schema id 1. */
    private static byte[] hostile(int... body) {
        byte[] data = new byte[WireFormat.HEADER_SIZE + body.length];
        data[4] = 1;
        for (int i = 0; i < body.length; i++) {
            data[WireFormat.HEADER_SIZE + i] = (byte) body[i];
        }
        return data;
    }

    @Test
    void givenTenBytesThatClaimAGigabyteString_whenDecoded_thenRefusedWithoutAllocatingIt() {
        AvroSerde<DispatchRequested> serde = AvroSerde.forValue(DispatchRequested.class, registry);
        registry.register(WireFormat.valueSubject("t"), DispatchRequested.getClassSchema());
        // The envelope's first string (eventId) claims 1,000,000,000 bytes: zigzag varint of 2,000,000,000. Then nothing.
        byte[] data = hostile(0x80, 0xA8, 0xD6, 0xB9, 0x07);
        long before = allocatedByThisThread();

        assertThatThrownBy(() -> serde.decode("t", data)).isInstanceOf(SerializationException.class)
                .hasMessageContaining("DispatchRequested").hasMessageContaining("1000000000").hasMessageContaining("exceeds");
        assertThat(allocatedByThisThread() - before).as("bytes allocated to decode %d bytes", data.length).isLessThan(64L << 20);
    }

    @Test
    void givenAMapThatClaimsAHundredMillionEntries_whenDecoded_thenRefusedWithoutAllocatingItsTable() {
        AvroSerde<DispatchRequested> serde = AvroSerde.forValue(DispatchRequested.class, registry);
        registry.register(WireFormat.valueSubject("t"), DispatchRequested.getClassSchema());
        // An envelope of empty strings, time 0 and no traceparent; five empty strings; then the attributes map claims
        // 100,000,000 entries (zigzag varint of 200,000,000) and holds one: "" -> "".
        byte[] data = hostile(0, 0, 0, 0, 0, 0, 0, /* source..payload */ 0, 0, 0, 0, 0, 0x80, 0x84, 0xAF, 0x5F, 0, 0, 0, 0, 0);
        long before = allocatedByThisThread();

        assertThatThrownBy(() -> serde.decode("t", data)).isInstanceOf(SerializationException.class)
                .hasMessageContaining("100000000").hasMessageContaining("exceeds");
        assertThat(allocatedByThisThread() - before).as("bytes allocated to decode %d bytes", data.length).isLessThan(64L << 20);
    }
}
