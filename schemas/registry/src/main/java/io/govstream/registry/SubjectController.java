package io.govstream.registry;

import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.HttpResponse;
import io.micronaut.core.annotation.Nullable;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Subjects and their versions: register, look up, list, read, delete. */
// Answers wait for Kafka: off the event loop.
@ExecuteOn(TaskExecutors.BLOCKING)
@Controller("/subjects")
@Consumes({MediaTypes.V1, MediaTypes.GENERIC, MediaTypes.JSON})
@Produces({MediaTypes.V1, MediaTypes.GENERIC, MediaTypes.JSON})
final class SubjectController {
    private final RegistryService registry;

    SubjectController(RegistryService registry) {
        this.registry = registry;
    }

    @Get
    List<String> subjects(@QueryValue(defaultValue = "false") boolean deleted) {
        return registry.subjects(deleted);
    }

    @Get("/{subject}/versions")
    List<Integer> versions(String subject, @QueryValue(defaultValue = "false") boolean deleted) {
        return registry.versions(subject, deleted);
    }

    @Get("/{subject}/versions/{version}")
    Dto.SubjectVersion version(String subject, String version, @QueryValue(defaultValue = "false") boolean deleted) {
        return registry.version(subject, version, deleted);
    }

    /** The schema text itself, unquoted, as Confluent answers it. */
    @Get("/{subject}/versions/{version}/schema")
    HttpResponse<byte[]> schemaText(String subject, String version, @QueryValue(defaultValue = "false") boolean deleted) {
        return HttpResponse.ok(registry.version(subject, version, deleted).schema().getBytes(StandardCharsets.UTF_8))
                .contentType(MediaTypes.V1);
    }

    @Post("/{subject}/versions")
    Dto.RegisterResponse register(String subject, @Nullable @Body Dto.SchemaRequest request) {
        return new Dto.RegisterResponse(registry.register(subject, request));
    }

    @Post("/{subject}")
    Dto.SubjectVersion lookup(String subject, @Nullable @Body Dto.SchemaRequest request,
                              @QueryValue(defaultValue = "false") boolean deleted) {
        return registry.lookup(subject, request, deleted);
    }

    @Delete("/{subject}")
    List<Integer> deleteSubject(String subject, @QueryValue(defaultValue = "false") boolean permanent) {
        return registry.deleteSubject(subject, permanent);
    }

    @Delete("/{subject}/versions/{version}")
    int deleteVersion(String subject, String version, @QueryValue(defaultValue = "false") boolean permanent) {
        return registry.deleteVersion(subject, version, permanent);
    }
}
