package io.govstream.axon.work;

import io.govstream.schemas.registry.InMemorySchemaRegistryClient;
import io.govstream.schemas.registry.RegisteredSchema;
import io.govstream.schemas.registry.SchemaRegistryClient;
import io.govstream.schemas.registry.SchemaRegistryException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.Schema;

/** An in-memory registry whose next {@link #failNext} look-ups of a schema by id answer 503, as a registry that is down. */
final class FailingRegistry implements SchemaRegistryClient {
    final AtomicInteger failNext = new AtomicInteger();
    final AtomicInteger failed = new AtomicInteger();
    private final InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();

    @Override
    public Schema schemaById(int id) {
        if (failNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            failed.incrementAndGet();
            throw new SchemaRegistryException(503, 50301, "the registry is unavailable");
        }
        return registry.schemaById(id);
    }

    @Override
    public int register(String subject, Schema schema) {
        return registry.register(subject, schema);
    }

    @Override
    public int idOf(String subject, Schema schema) {
        return registry.idOf(subject, schema);
    }

    @Override
    public RegisteredSchema latest(String subject) {
        return registry.latest(subject);
    }

    @Override
    public boolean isCompatible(String subject, Schema schema) {
        return registry.isCompatible(subject, schema);
    }
}
