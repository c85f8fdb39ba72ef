package io.govstream.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;

import io.govstream.events.CheckpointScope;
import io.govstream.events.Envelope;
import io.govstream.events.LedgerCheckpoint;
import io.govstream.schemas.registry.CompatibilityLevel;
import io.govstream.schemas.registry.InMemorySchemaRegistryClient;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;

/**
 * The note field added to LedgerCheckpoint: checkpoints written before it (the schema kept in
 * src/test/resources/previous, as it was released) still decode, and the registry accepts the new
 * schema under the platform's BACKWARD rule.
 */
class LedgerCheckpointEvolutionTest {
    private static final String TOPIC = "governance.ledger.checkpoints";
    private static final Instant AT = Instant.ofEpochMilli(1_700_000_000_123L);

    @Test
    void givenTheSchemaBeforeNotes_whenTheCurrentOneIsChecked_thenItIsBackwardCompatible() throws IOException {
        assertThat(CompatibilityLevel.BACKWARD.firstIncompatibility(LedgerCheckpoint.getClassSchema(), List.of(previous()))).isNull();
        assertThat(LedgerCheckpoint.getClassSchema().getField("note").defaultVal()).isEqualTo(org.apache.avro.JsonProperties.NULL_VALUE);
    }

    @Test
    void givenACheckpointWrittenBeforeNotes_whenReadWithTheCurrentClass_thenEveryFieldSurvivesAndTheNoteIsNull() throws IOException {
        Schema before = previous();
        InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();
        int id = registry.register(WireFormat.valueSubject(TOPIC), before);
        GenericRecord old = new GenericData.Record(before);
        old.put("envelope", AvroSerdeTest.envelope());
        old.put("scope", new GenericData.EnumSymbol(before.getField("scope").schema(), "PARTITION"));
        old.put("ledgerTopic", "governance.ledger");
        old.put("partition", 2);
        old.put("treeSize", 9L);
        old.put("rootHash", ByteBuffer.wrap(new byte[32]));
        old.put("chainHeadHash", ByteBuffer.wrap(new byte[32]));
        old.put("lastSequence", 8L);
        old.put("frontier", List.of());
        old.put("components", List.of());
        old.put("issuedAt", AT);
        old.put("keyId", "0a0b0c0d");
        old.put("signature", ByteBuffer.wrap(new byte[] {1, 2, 3}));

        AvroSerde<LedgerCheckpoint> serde = AvroSerde.forValue(LedgerCheckpoint.class, registry);
        LedgerCheckpoint read = serde.decode(TOPIC, AvroSerdeTest.wireFormat(id, before, old));

        assertThat(read.getNote()).isNull();
        assertThat(read.getScope()).isEqualTo(CheckpointScope.PARTITION);
        assertThat(read.getPartition()).isEqualTo(2);
        assertThat(read.getTreeSize()).isEqualTo(9L);
        assertThat(read.getKeyId()).isEqualTo("0a0b0c0d");
        assertThat(read.getIssuedAt()).isEqualTo(AT);
        // the current schema registers as the subject's next version
        read.setNote("govstream/governance.ledger/2\n9\nAAAA\n\n— govstream/governance.ledger AAAAAAA=\n");
        serde.encode(TOPIC, read);
        assertThat(registry.latest(WireFormat.valueSubject(TOPIC)).version()).isEqualTo(2);
    }

    /** The schema as released before the note field, with the Envelope it names. */
    private static Schema previous() throws IOException {
        Schema.Parser parser = new Schema.Parser();
        parser.parse(Envelope.getClassSchema().toString());
        try (InputStream in = LedgerCheckpointEvolutionTest.class.getResourceAsStream("/previous/LedgerCheckpoint-before-note.avsc")) {
            return parser.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }
}
