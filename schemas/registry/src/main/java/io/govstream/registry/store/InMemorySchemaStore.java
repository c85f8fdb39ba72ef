package io.govstream.registry.store;

import java.time.Duration;
import java.util.List;

/** A store that forgets on close: for fast API tests and throw-away registries. */
public final class InMemorySchemaStore implements SchemaStore {
    private final RegistryState state = new RegistryState();

    @Override
    public RegistryState state() {
        return state;
    }

    @Override
    public synchronized void append(List<StoreRecord> records) {
        records.forEach(state::apply);
    }

    @Override
    public boolean isReady() {
        return true;
    }

    @Override
    public void awaitReady(Duration timeout) {
    }

    @Override
    public String description() {
        return "in memory";
    }

    @Override
    public void close() {
    }
}
