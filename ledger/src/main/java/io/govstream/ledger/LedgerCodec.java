package io.govstream.ledger;

import io.govstream.events.LedgerEntry;
import io.govstream.schemas.serde.AvroSerde;
import java.util.Objects;
import java.util.function.Function;

/**
 * How a {@link LedgerStore} turns an entry into the bytes it stores and back. The ledger topic holds
 * the Confluent wire format of its registry ({@link #avro}).
 */
public record LedgerCodec(Function<LedgerEntry, byte[]> encoder, Function<byte[], LedgerEntry> decoder) {

    public LedgerCodec {
        Objects.requireNonNull(encoder, "encoder");
        Objects.requireNonNull(decoder, "decoder");
    }

    /** The wire format {@code serde} writes for {@code topic}. */
    public static LedgerCodec avro(AvroSerde<LedgerEntry> serde, String topic) {
        return new LedgerCodec(entry -> serde.encode(topic, entry), bytes -> serde.decode(topic, bytes));
    }

    public byte[] encode(LedgerEntry entry) {
        return encoder.apply(entry);
    }

    public LedgerEntry decode(byte[] value) {
        return decoder.apply(value);
    }

    /** The sequence of a stored entry. */
    public long sequenceOf(byte[] value) {
        return decode(value).getSequence();
    }
}
