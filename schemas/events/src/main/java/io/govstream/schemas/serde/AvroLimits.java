package io.govstream.schemas.serde;

import java.lang.reflect.Method;
import org.apache.avro.SystemLimitException;

/**
 * Bounds on what one Avro value may claim. Avro reads the length of a string, of a byte array or of a
 * map or array block from the data and allocates that much before it reads what follows: ten bytes
 * that claim a string of a gigabyte cost a gigabyte, and a service with a small heap an
 * OutOfMemoryError, which no deserialization handler catches, on every retry of that record. Avro's
 * own limits ({@link SystemLimitException}) default to what a Java array can hold; they are read from
 * system properties when that class loads. {@link #ensure()} sets them, unless the JVM was started
 * with values of its own, and has Avro read them again (whatever decoded Avro data before), then
 * checks that they are in force.
 */
public final class AvroLimits {
    /** The longest string or byte array a value may hold: 16 MiB, far above a record a topic accepts (1 MiB by default). */
    public static final int MAX_LENGTH = 16 << 20;
    /** The most entries a map or array may hold. */
    public static final int MAX_ITEMS = 1_000_000;

    private static volatile boolean ensured;

    private AvroLimits() {
    }

    /**
     * Puts the limits in force for this JVM; cheap after the first call.
     *
     * @throws IllegalStateException if the limits are not in force even after Avro was made to read them again
     */
    public static void ensure() {
        if (ensured) {
            return;
        }
        synchronized (AvroLimits.class) {
            int strings = limit(SystemLimitException.MAX_STRING_LENGTH_PROPERTY, MAX_LENGTH);
            int bytes = limit(SystemLimitException.MAX_BYTES_LENGTH_PROPERTY, MAX_LENGTH);
            int items = limit(SystemLimitException.MAX_COLLECTION_LENGTH_PROPERTY, MAX_ITEMS);
            reread();
            if (exceeds(() -> SystemLimitException.checkMaxStringLength(strings + 1L))
                    && exceeds(() -> SystemLimitException.checkMaxBytesLength(bytes + 1L))
                    && exceeds(() -> SystemLimitException.checkMaxCollectionLength(items + 1L))) {
                ensured = true;
                return;
            }
            throw new IllegalStateException("Avro's decoding limits are not in force (Avro read them before they were set);"
                    + " start the JVM with -D" + SystemLimitException.MAX_STRING_LENGTH_PROPERTY + "=" + strings + " -D"
                    + SystemLimitException.MAX_BYTES_LENGTH_PROPERTY + "=" + bytes + " -D"
                    + SystemLimitException.MAX_COLLECTION_LENGTH_PROPERTY + "=" + items);
        }
    }

    /** The limit the JVM was started with, else {@code ours}, which is then set. */
    private static int limit(String property, int ours) {
        String given = System.getProperty(property);
        if (given == null) {
            System.setProperty(property, Integer.toString(ours));
            return ours;
        }
        try {
            return Integer.parseInt(given.trim());
        } catch (NumberFormatException e) {
            throw new IllegalStateException("-D" + property + "=" + given + " is not a whole number", e);
        }
    }

    /**
     * Has Avro read its limits from the system properties again. SystemLimitException reads them once, when it loads,
     * and only its package-private {@code resetLimits} (there for Avro's own tests) reads them later; with no public way,
     * it is called by reflection. Should a later Avro lose it, the check in {@link #ensure()} says so.
     */
    private static void reread() {
        try {
            Method reset = SystemLimitException.class.getDeclaredMethod("resetLimits");
            reset.setAccessible(true);
            reset.invoke(null);
        } catch (ReflectiveOperationException | RuntimeException e) {
            // Not there or not allowed: the check decides.
        }
    }

    private static boolean exceeds(Runnable check) {
        try {
            check.run();
            return false;
        } catch (SystemLimitException | UnsupportedOperationException expected) { // the latter: beyond what an array holds
            return true;
        }
    }
}
