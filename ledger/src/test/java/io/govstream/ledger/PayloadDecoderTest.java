package io.govstream.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.govstream.events.Effect;
import io.govstream.events.Envelope;
import io.govstream.events.GovernanceDecision;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.junit.jupiter.api.Test;

class PayloadDecoderTest {

    @Test
    void givenACurrentPayload_whenDecoded_thenEveryFieldReads() throws IOException {
        GovernanceDecision decision = decision().setRequestPayload("{\"amount\":5}").setRequestAttributes("{\"dataClass\":\"pii\"}").build();

        GovernanceDecision read = PayloadDecoder.decode(LedgerFact.avroBinary(decision), GovernanceDecision.class);

        assertThat(read).isEqualTo(decision);
    }

    @Test
    void givenAPayloadWrittenBeforeTheRequestFieldsExisted_whenDecoded_thenTheyTakeTheirDefaults() throws IOException {
        GovernanceDecision current = decision().build();
        byte[] older = olderEncoding(current, 2);

        GovernanceDecision read = PayloadDecoder.decode(older, GovernanceDecision.class);

        assertThat(read.getSubject()).isEqualTo("alice");
        assertThat(read.getRuleId()).isEqualTo("permit-orbit-axon-reason");
        assertThat(read.getRequestPayload()).isEmpty();
        assertThat(read.getRequestAttributes()).isEmpty();
    }

    @Test
    void givenATruncatedPayload_whenDecoded_thenItFails() {
        byte[] whole = LedgerFact.avroBinary(decision().build());
        byte[] cut = java.util.Arrays.copyOf(whole, 20);

        assertThatThrownBy(() -> PayloadDecoder.decode(cut, GovernanceDecision.class)).isInstanceOf(IOException.class);
    }

    private static GovernanceDecision.Builder decision() {
        return GovernanceDecision.newBuilder()
                .setEnvelope(Envelope.newBuilder().setEventId("e-1").setCorrelationId("c-1").setCausationId("r-1").setTenant("acme")
                        .setOccurredAt(Instant.parse("2026-01-01T00:00:00Z")).setProducer("governance-streams").build())
                .setRequestEventId("r-1").setEffect(Effect.PERMIT).setPolicySetId("default-dispatch").setPolicyVersion("1")
                .setPolicyHash("sha256:00").setRuleId("permit-orbit-axon-reason").setReason("ok").setSource("orbit")
                .setTarget("axon").setIntent("reason").setSubject("alice");
    }

    /** The record as a writer without its last {@code dropped} fields encoded it. */
    private static byte[] olderEncoding(GovernanceDecision decision, int dropped) throws IOException {
        Schema schema = GovernanceDecision.getClassSchema();
        List<Schema.Field> fields = new ArrayList<>();
        for (Schema.Field f : schema.getFields().subList(0, schema.getFields().size() - dropped)) {
            fields.add(new Schema.Field(f, f.schema()));
        }
        Schema older = Schema.createRecord(schema.getName(), null, schema.getNamespace(), false, fields);
        GenericRecord record = new GenericData.Record(older);
        for (Schema.Field f : older.getFields()) {
            record.put(f.name(), decision.get(f.pos()));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(older, SpecificData.get()).write(record, encoder);
        encoder.flush();
        return out.toByteArray();
    }
}
