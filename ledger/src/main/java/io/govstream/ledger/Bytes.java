package io.govstream.ledger;

import java.nio.ByteBuffer;
import java.util.Arrays;

/** Avro hands out {@code bytes} fields as ByteBuffers; the chain works on arrays. */
public final class Bytes {

    private Bytes() {
    }

    public static byte[] of(ByteBuffer buffer) {
        if (buffer == null) {
            return null;
        }
        byte[] out = new byte[buffer.limit()];
        buffer.get(0, out);
        return out;
    }

    /** Whether {@code buffer}, read as {@link #of} reads it, holds {@code bytes}; a heap buffer is not copied. */
    static boolean equals(ByteBuffer buffer, byte[] bytes) {
        if (buffer != null && buffer.hasArray()) {
            return Arrays.equals(buffer.array(), buffer.arrayOffset(), buffer.arrayOffset() + buffer.limit(), bytes, 0, bytes.length);
        }
        return Arrays.equals(of(buffer), bytes);
    }
}
