package io.govstream.ledger.checkpoint;

import java.nio.charset.StandardCharsets;

/**
 * C2SP tlog-cosignature v1 (https://c2sp.org/tlog-cosignature): a witness's statement that, as of
 * its timestamp, the checkpoint is the largest consistent tree head it has observed for the origin.
 * The signed message is {@code "cosignature/v1\n" "time <POSIX seconds>\n"} followed by the note
 * text of the checkpoint (its body, with the final newline, without signature lines); the signature
 * line carries {@code key hash (type 0x04) || u64 timestamp (big-endian) || Ed25519 signature}.
 */
public final class Cosignature {
    public static final String HEADER = "cosignature/v1";

    private Cosignature() {
    }

    /** The bytes a cosignature signs. */
    public static byte[] message(String noteText, long timestamp) {
        return (HEADER + "\ntime " + Long.toUnsignedString(timestamp) + "\n" + noteText).getBytes(StandardCharsets.UTF_8);
    }
}
