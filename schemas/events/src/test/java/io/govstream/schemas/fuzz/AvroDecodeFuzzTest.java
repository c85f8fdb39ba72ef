package io.govstream.schemas.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.govstream.events.DispatchRequested;
import io.govstream.schemas.registry.InMemorySchemaRegistryClient;
import io.govstream.schemas.serde.AvroSerde;
import io.govstream.schemas.serde.WireFormat;
import org.apache.kafka.common.errors.SerializationException;

/**
 * Any bytes on a topic decode to a record or fail with a SerializationException that says what
 * is wrong: no other exception, no hang, no runaway allocation.
 */
class AvroDecodeFuzzTest {
    private static final String TOPIC = "fuzz.requests";
    private static final AvroSerde<DispatchRequested> SERDE;

    static {
        InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();
        registry.register(WireFormat.valueSubject(TOPIC), DispatchRequested.getClassSchema());
        SERDE = AvroSerde.forValue(DispatchRequested.class, registry);
    }

    @FuzzTest(maxExecutions = 200_000)
    void anyBytesDecodeOrFailClearly(byte[] data) {
        // The fuzzer mostly mutates the body: give it a valid header half of the time.
        byte[] input = data;
        if (data.length > 0 && (data[0] & 1) == 0) {
            input = new byte[data.length + WireFormat.HEADER_SIZE - 1];
            input[4] = 1; // magic 0, schema id 1
            System.arraycopy(data, 1, input, WireFormat.HEADER_SIZE, data.length - 1);
        }
        try {
            SERDE.decode(TOPIC, input);
        } catch (SerializationException e) {
            if (e.getMessage() == null || e.getMessage().isBlank()) {
                throw new AssertionError("a decoding error without a message", e);
            }
        }
    }
}
