package io.govstream.registry;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.annotation.QueryValue;

/** Would this schema be accepted? Changes nothing. */
// Answers wait for Kafka: off the event loop.
@ExecuteOn(TaskExecutors.BLOCKING)
@Controller("/compatibility/subjects/{subject}")
@Consumes({MediaTypes.V1, MediaTypes.GENERIC, MediaTypes.JSON})
@Produces({MediaTypes.V1, MediaTypes.GENERIC, MediaTypes.JSON})
final class CompatibilityController {
    private final RegistryService registry;

    CompatibilityController(RegistryService registry) {
        this.registry = registry;
    }

    @Post("/versions/{version}")
    Dto.CompatibilityResponse againstVersion(String subject, String version, @Nullable @Body Dto.SchemaRequest request,
                                             @QueryValue(defaultValue = "false") boolean verbose) {
        return registry.checkCompatibility(subject, version, request, verbose);
    }

    @Post("/versions")
    Dto.CompatibilityResponse againstAll(String subject, @Nullable @Body Dto.SchemaRequest request,
                                         @QueryValue(defaultValue = "false") boolean verbose) {
        return registry.checkCompatibility(subject, null, request, verbose);
    }
}
