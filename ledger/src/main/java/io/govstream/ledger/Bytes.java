package io.govstream.ledger;

import java.nio.ByteBuffer;

/** Avro hands out {@code bytes} fields as ByteBuffers; the chain works on arrays. */
public final class Bytes {

    private Bytes() {
    }

    public static byte[] of(ByteBuffer buffer) {
        if (buffer == null) {
            return null;
        }
        ByteBuffer copy = buffer.duplicate();
        copy.rewind();
        byte[] out = new byte[copy.remaining()];
        copy.get(out);
        return out;
    }
}
