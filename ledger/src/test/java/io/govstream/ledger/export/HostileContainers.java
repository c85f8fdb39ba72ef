package io.govstream.ledger.export;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import org.apache.avro.file.DataFileConstants;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;

/**
 * Avro container files as a hostile writer would make them: the header of a real file (its magic, metadata and sync
 * marker, so that its codec is the real one), then one block that lies.
 */
public final class HostileContainers {
    private HostileContainers() {
    }

    /** The header of {@code container} and one block that claims one record in {@code size} bytes and holds three. */
    public static byte[] blockClaiming(byte[] container, long size) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(header(container));
        writeLong(out, 1);
        writeLong(out, size);
        out.writeBytes(new byte[] {1, 2, 3});
        return out.toByteArray();
    }

    /**
     * The header of {@code container} (whose codec must be deflate) and one well-formed block of one record whose
     * {@code mebibytes} MiB of zeros deflate to about a thousandth of that.
     */
    public static byte[] deflateBomb(byte[] container, int mebibytes) {
        ByteArrayOutputStream deflated = new ByteArrayOutputStream();
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true); // raw deflate, as Avro's codec writes it
        try (DeflaterOutputStream out = new DeflaterOutputStream(deflated, deflater)) {
            byte[] zeros = new byte[1 << 20];
            for (int i = 0; i < mebibytes; i++) {
                out.write(zeros);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            deflater.end();
        }
        byte[] header = header(container);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(header);
        writeLong(out, 1);
        writeLong(out, deflated.size());
        out.writeBytes(deflated.toByteArray());
        out.writeBytes(Arrays.copyOfRange(header, header.length - DataFileConstants.SYNC_SIZE, header.length));
        return out.toByteArray();
    }

    /**
     * The header of a container: up to the first occurrence of its sync marker, which ends the header and every block
     * (so it is the file's last 16 bytes).
     */
    private static byte[] header(byte[] container) {
        int size = DataFileConstants.SYNC_SIZE;
        byte[] sync = Arrays.copyOfRange(container, container.length - size, container.length);
        for (int i = DataFileConstants.MAGIC.length; i + size <= container.length; i++) {
            if (Arrays.equals(container, i, i + size, sync, 0, size)) {
                return Arrays.copyOf(container, i + size);
            }
        }
        throw new IllegalArgumentException("no sync marker: not an Avro container");
    }

    private static void writeLong(ByteArrayOutputStream out, long value) {
        try {
            BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
            encoder.writeLong(value);
            encoder.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
