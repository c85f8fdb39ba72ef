package io.govstream.ledger;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A text file received from elsewhere (a proof, an evidence pack's manifest or checkpoints), read no
 * further than {@link #MAX_BYTES}: a file of gigabytes, a sparse file or a device must not exhaust the
 * reader's memory.
 */
public final class BoundedText {
    /** Four times the largest entry Avro decodes here ({@code AvroLimits.MAX_LENGTH}, 16 MiB), base64-encoded. */
    public static final int MAX_BYTES = 64 << 20;

    private BoundedText() {
    }

    /**
     * The file's text (UTF-8).
     *
     * @param what what the file is, for the message ("proof file")
     * @throws IllegalArgumentException for a file larger than {@link #MAX_BYTES}
     */
    public static String read(Path file, String what) throws IOException {
        if (Files.isRegularFile(file) && Files.size(file) > MAX_BYTES) {
            throw tooLarge(file, what); // unread
        }
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) { // a device, or a file that grows: read no further than the limit
            bytes = in.readNBytes(MAX_BYTES + 1);
        }
        if (bytes.length > MAX_BYTES) {
            throw tooLarge(file, what);
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static IllegalArgumentException tooLarge(Path file, String what) {
        return new IllegalArgumentException(what + " " + file + " is larger than " + (MAX_BYTES >> 20) + " MiB, more than any "
                + what + " of a govstream ledger holds");
    }
}
