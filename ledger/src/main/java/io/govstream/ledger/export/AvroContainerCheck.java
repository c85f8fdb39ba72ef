package io.govstream.ledger.export;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import org.apache.avro.file.DataFileConstants;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;

/**
 * Checks the framing of an Avro object container file (an export's or a pack's {@code entries.avro}, a backup's
 * files) before Avro's {@code DataFileStream} reads it, for what {@code AvroLimits} does not bound: Avro allocates a
 * block at the size its header claims (up to 2 GiB, from a few bytes of file) and inflates a deflate block into
 * memory whatever it inflates to. Avro offers no limit on either, hence this walk over the blocks, written here: a
 * block may claim no more bytes than the file holds, and inflate to at most {@value #MAX_BLOCK} bytes (Avro's writers
 * close a block once it holds 64,000 bytes of records, so a block is that and one record at most, and a record's
 * strings and bytes are at most 16 MiB each).
 */
public final class AvroContainerCheck {
    static final int MAX_BLOCK = 64 << 20;

    private AvroContainerCheck() {
    }

    /**
     * @throws IllegalArgumentException saying what in the file is wrong: not a container, a codec other than null or
     *                                  deflate, a block claiming more than the file holds or inflating past the bound,
     *                                  a block not followed by the file's sync marker
     */
    public static void check(Path file) throws IOException {
        long length = Files.size(file);
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            // The direct decoder reads no further than asked: a block's bytes follow in the stream where its header ends.
            BinaryDecoder decoder = DecoderFactory.get().directBinaryDecoder(in, null);
            byte[] sync = new byte[DataFileConstants.SYNC_SIZE];
            boolean deflate;
            try {
                byte[] magic = new byte[DataFileConstants.MAGIC.length];
                decoder.readFixed(magic);
                if (!Arrays.equals(magic, DataFileConstants.MAGIC)) {
                    throw new IllegalArgumentException("not an Avro container file");
                }
                deflate = deflate(decoder);
                decoder.readFixed(sync);
            } catch (EOFException e) {
                throw new IllegalArgumentException("ends inside its Avro header", e);
            }
            byte[] marker = new byte[DataFileConstants.SYNC_SIZE];
            for (long block = 1; ; block++) {
                long count;
                try {
                    count = decoder.readLong();
                } catch (EOFException end) {
                    return;
                }
                long size = decoder.readLong();
                if (count < 0 || size < 0 || size > Math.min(length, Integer.MAX_VALUE)) {
                    throw new IllegalArgumentException("block " + block + " claims " + count + " records in " + size + " bytes, in a file of "
                            + length + " bytes");
                }
                byte[] data = in.readNBytes((int) size);
                if (data.length < size) {
                    throw new IllegalArgumentException("block " + block + " ends before its " + size + " bytes");
                }
                if (deflate) {
                    requireInflatesWithinBound(data, block);
                }
                if (in.readNBytes(marker, 0, marker.length) < marker.length || !Arrays.equals(marker, sync)) {
                    throw new IllegalArgumentException("block " + block + " is not followed by the file's sync marker");
                }
            }
        }
    }

    /** Whether the header's codec is deflate (or else null); any other codec is refused. */
    private static boolean deflate(BinaryDecoder decoder) throws IOException {
        String codec = DataFileConstants.NULL_CODEC;
        for (long n = decoder.readMapStart(); n != 0; n = decoder.mapNext()) {
            for (long i = 0; i < n; i++) {
                String key = decoder.readString();
                ByteBuffer value = decoder.readBytes(null);
                if (key.equals(DataFileConstants.CODEC)) {
                    codec = StandardCharsets.UTF_8.decode(value).toString();
                }
            }
        }
        if (!codec.equals(DataFileConstants.NULL_CODEC) && !codec.equals(DataFileConstants.DEFLATE_CODEC)) {
            throw new IllegalArgumentException("codec " + codec + ": govstream writes Avro files uncompressed or with deflate");
        }
        return codec.equals(DataFileConstants.DEFLATE_CODEC);
    }

    private static void requireInflatesWithinBound(byte[] data, long block) {
        Inflater inflater = new Inflater(true); // raw deflate, as Avro's deflate codec writes it
        try {
            inflater.setInput(data);
            byte[] out = new byte[64 << 10];
            long inflated = 0;
            while (!inflater.finished() && !inflater.needsInput() && !inflater.needsDictionary()) {
                inflated += inflater.inflate(out);
                if (inflated > MAX_BLOCK) {
                    throw new IllegalArgumentException("block " + block + " inflates to more than " + MAX_BLOCK + " bytes from "
                            + data.length);
                }
            }
        } catch (DataFormatException e) {
            throw new IllegalArgumentException("block " + block + " is not deflate data: " + e.getMessage(), e);
        } finally {
            inflater.end();
        }
    }
}
