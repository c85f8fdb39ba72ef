package io.govstream.registry.store;

import java.time.Duration;
import java.util.List;

/**
 * Where the registry's records live. One writer: {@link #append} returns only once the records
 * are durable and visible in {@link #state()}, so ids derived from the state stay unique.
 */
public interface SchemaStore extends AutoCloseable {

    /** The state folded from every record read so far. */
    RegistryState state();

    /**
     * Appends {@code records} in order and returns once {@link #state()} reflects them.
     *
     * @throws StoreException when they cannot be written or read back in time
     */
    void append(List<StoreRecord> records);

    /** Whether the store has read everything that was in it when it started. */
    boolean isReady();

    /**
     * Waits until {@link #isReady()}.
     *
     * @throws StoreException when the store failed or is not ready within {@code timeout}
     */
    void awaitReady(Duration timeout);

    /** Where the records live, for health details and logs (never credentials). */
    String description();

    @Override
    void close();
}
