package io.govstream.registry.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.govstream.schemas.registry.CompatibilityLevel;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The _schemas records as Confluent Schema Registry writes and reads them. */
class StoreRecordCodecTest {

    @Test
    void givenEachRecord_whenEncoded_thenConfluentKeyAndValueJson() {
        assertEncoded(new StoreRecord.SchemaVersion("s", 2, 7, "\"string\"", false),
                "{\"keytype\":\"SCHEMA\",\"subject\":\"s\",\"version\":2,\"magic\":1}",
                "{\"subject\":\"s\",\"version\":2,\"id\":7,\"schema\":\"\\\"string\\\"\",\"deleted\":false}");
        assertEncoded(new StoreRecord.SchemaVersionRemoved("s", 2),
                "{\"keytype\":\"SCHEMA\",\"subject\":\"s\",\"version\":2,\"magic\":1}", null);
        assertEncoded(new StoreRecord.Config(null, CompatibilityLevel.FULL),
                "{\"keytype\":\"CONFIG\",\"subject\":null,\"magic\":0}", "{\"compatibilityLevel\":\"FULL\"}");
        assertEncoded(new StoreRecord.ConfigRemoved("s"), "{\"keytype\":\"CONFIG\",\"subject\":\"s\",\"magic\":0}", null);
        assertEncoded(new StoreRecord.SubjectDeleted("s", 3),
                "{\"keytype\":\"DELETE_SUBJECT\",\"subject\":\"s\",\"magic\":0}", "{\"subject\":\"s\",\"version\":3}");
    }

    @Test
    void givenEachRecord_whenEncodedAndDecoded_thenSameRecord() {
        for (StoreRecord record : List.of(
                new StoreRecord.SchemaVersion("s", 2, 7, "\"string\"", true),
                new StoreRecord.SchemaVersionRemoved("s", 2),
                new StoreRecord.Config(null, CompatibilityLevel.NONE),
                new StoreRecord.Config("s", CompatibilityLevel.FORWARD_TRANSITIVE),
                new StoreRecord.ConfigRemoved("s"),
                new StoreRecord.SubjectDeleted("s", 3),
                new StoreRecord.SubjectDeletedRemoved("s"))) {
            assertThat(StoreRecordCodec.decode(StoreRecordCodec.key(record), StoreRecordCodec.value(record))).contains(record);
        }
    }

    @Test
    void givenRecordsOfAConfluentRegistry_whenDecoded_thenUnderstoodOrSkipped() {
        // the global config key as newer Confluent versions write it, without the null subject
        assertThat(decode("{\"keytype\":\"CONFIG\",\"magic\":0}", "{\"compatibilityLevel\":\"BACKWARD\"}"))
                .contains(new StoreRecord.Config(null, CompatibilityLevel.BACKWARD));
        // extra value fields of newer versions are ignored
        assertThat(decode("{\"keytype\":\"SCHEMA\",\"subject\":\"s\",\"version\":1,\"magic\":1}",
                "{\"subject\":\"s\",\"version\":1,\"id\":1,\"schemaType\":\"AVRO\",\"references\":[],\"schema\":\"\\\"int\\\"\","
                        + "\"deleted\":false,\"ts\":1}"))
                .contains(new StoreRecord.SchemaVersion("s", 1, 1, "\"int\"", false));
        // what this registry has no use for
        assertThat(decode("{\"keytype\":\"NOOP\",\"magic\":0}", "null")).isEmpty();
        assertThat(decode("{\"keytype\":\"MODE\",\"subject\":null,\"magic\":0}", "{\"mode\":\"READWRITE\"}")).isEmpty();
        assertThat(decode("{\"keytype\":\"SCHEMA\",\"subject\":\"p\",\"version\":1,\"magic\":1}",
                "{\"subject\":\"p\",\"version\":1,\"id\":2,\"schemaType\":\"PROTOBUF\",\"schema\":\"syntax\"}")).isEmpty();
    }

    @Test
    void givenGarbage_whenDecoded_thenSaysWhatIsWrong() {
        assertThatThrownBy(() -> decode("not json", null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Record key is not JSON");
    }

    private static Optional<StoreRecord> decode(String key, String value) {
        return StoreRecordCodec.decode(key.getBytes(StandardCharsets.UTF_8),
                value == null ? null : value.getBytes(StandardCharsets.UTF_8));
    }

    private static void assertEncoded(StoreRecord record, String key, String value) {
        assertThat(new String(StoreRecordCodec.key(record), StandardCharsets.UTF_8)).isEqualTo(key);
        byte[] encoded = StoreRecordCodec.value(record);
        assertThat(encoded == null ? null : new String(encoded, StandardCharsets.UTF_8)).isEqualTo(value);
    }
}
