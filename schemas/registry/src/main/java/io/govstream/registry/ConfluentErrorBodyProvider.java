package io.govstream.registry;

import io.micronaut.context.annotation.Primary;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.server.exceptions.response.Error;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.JsonErrorResponseBodyProvider;
import jakarta.inject.Singleton;
import java.util.stream.Collectors;

/**
 * Errors raised by the HTTP layer itself (unknown path, unreadable body, wrong media type) in
 * Confluent's shape too, with the HTTP status as error code, so clients parse every error alike.
 */
@Singleton
@Primary
final class ConfluentErrorBodyProvider implements JsonErrorResponseBodyProvider<Dto.ErrorResponse> {

    @Override
    public Dto.ErrorResponse body(ErrorContext context, HttpResponse<?> response) {
        String message = context.getErrors().stream().map(Error::getMessage).collect(Collectors.joining("; "));
        if (message.isEmpty()) {
            message = "HTTP " + response.code() + " " + response.reason();
        }
        return new Dto.ErrorResponse(response.code(), message);
    }

    @Override
    public String contentType() {
        return MediaTypes.V1;
    }
}
