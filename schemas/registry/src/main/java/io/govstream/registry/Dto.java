package io.govstream.registry;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/** Request and response bodies of the Confluent API, field names as Confluent spells them. */
final class Dto {
    private Dto() {
    }

    /** Body of register, lookup and compatibility requests. Unknown fields (metadata, ruleSet, …) are ignored. */
    @Serdeable
    record SchemaRequest(@Nullable String schema, @Nullable String schemaType, @Nullable List<Object> references) {
    }

    @Serdeable
    record RegisterResponse(int id) {
    }

    /** A version of a subject; {@code schemaType} is left out for AVRO, as Confluent does. */
    @Serdeable
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record SubjectVersion(String subject, int version, int id, @Nullable String schemaType, String schema) {
    }

    @Serdeable
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record SchemaById(@Nullable String schemaType, String schema) {
    }

    @Serdeable
    record SubjectAndVersion(String subject, int version) {
    }

    @Serdeable
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record CompatibilityResponse(@JsonProperty("is_compatible") boolean isCompatible, @Nullable List<String> messages) {
    }

    /** What GET /config answers. */
    @Serdeable
    record ConfigResponse(String compatibilityLevel) {
    }

    /** What PUT /config takes and answers. */
    @Serdeable
    record ConfigUpdate(@Nullable String compatibility) {
    }

    @Serdeable
    record ModeResponse(String mode) {
    }

    @Serdeable
    record ErrorResponse(@JsonProperty("error_code") int errorCode, String message) {
    }
}
