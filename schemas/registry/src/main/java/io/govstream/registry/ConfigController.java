package io.govstream.registry;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.annotation.Put;
import io.micronaut.http.annotation.QueryValue;

/**
 * Compatibility levels. As in Confluent, GET answers {@code compatibilityLevel} while PUT takes
 * and answers {@code compatibility}.
 */
// Answers wait for Kafka: off the event loop.
@ExecuteOn(TaskExecutors.BLOCKING)
@Controller("/config")
@Consumes({MediaTypes.V1, MediaTypes.GENERIC, MediaTypes.JSON})
@Produces({MediaTypes.V1, MediaTypes.GENERIC, MediaTypes.JSON})
final class ConfigController {
    private final RegistryService registry;

    ConfigController(RegistryService registry) {
        this.registry = registry;
    }

    @Get
    Dto.ConfigResponse global() {
        return new Dto.ConfigResponse(registry.globalLevel().name());
    }

    @Put
    Dto.ConfigUpdate setGlobal(@Nullable @Body Dto.ConfigUpdate update) {
        return new Dto.ConfigUpdate(registry.setSubjectLevel(null, update == null ? null : update.compatibility()).name());
    }

    @Get("/{subject}")
    Dto.ConfigResponse subject(String subject, @QueryValue(defaultValue = "false") boolean defaultToGlobal) {
        return new Dto.ConfigResponse(registry.subjectLevel(subject, defaultToGlobal).name());
    }

    @Put("/{subject}")
    Dto.ConfigUpdate setSubject(String subject, @Nullable @Body Dto.ConfigUpdate update) {
        return new Dto.ConfigUpdate(registry.setSubjectLevel(subject, update == null ? null : update.compatibility()).name());
    }

    @Delete("/{subject}")
    Dto.ConfigResponse deleteSubject(String subject) {
        return new Dto.ConfigResponse(registry.deleteSubjectLevel(subject).name());
    }
}
