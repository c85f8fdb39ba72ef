package io.govstream.registry;

import io.micronaut.http.annotation.Controller;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.annotation.QueryValue;
import java.util.List;

/** Schemas by their global id, and the schema types served. */
// Answers wait for Kafka: off the event loop.
@ExecuteOn(TaskExecutors.BLOCKING)
@Controller("/schemas")
@Produces({MediaTypes.V1, MediaTypes.GENERIC, MediaTypes.JSON})
final class SchemaController {
    private final RegistryService registry;

    SchemaController(RegistryService registry) {
        this.registry = registry;
    }

    @Get("/ids/{id}")
    Dto.SchemaById schema(int id) {
        return registry.schemaById(id);
    }

    @Get("/ids/{id}/versions")
    List<Dto.SubjectAndVersion> versions(int id, @QueryValue(defaultValue = "false") boolean deleted) {
        return registry.subjectVersionsOf(id, deleted);
    }

    @Get("/types")
    List<String> types() {
        return List.of(RegistryService.AVRO);
    }
}
