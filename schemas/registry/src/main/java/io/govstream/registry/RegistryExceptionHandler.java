package io.govstream.registry;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Answers registry errors as Confluent does: {@code {"error_code": …, "message": …}}. */
@Singleton
@Produces(MediaTypes.V1)
final class RegistryExceptionHandler implements ExceptionHandler<RegistryException, HttpResponse<Dto.ErrorResponse>> {
    private static final Logger LOG = LoggerFactory.getLogger(RegistryExceptionHandler.class);

    @Override
    public HttpResponse<Dto.ErrorResponse> handle(HttpRequest request, RegistryException exception) {
        if (exception.status() >= 500) {
            LOG.error("{} {} failed: {}", request.getMethod(), request.getPath(), exception.getMessage(), exception);
        }
        return HttpResponse.<Dto.ErrorResponse>status(HttpStatus.valueOf(exception.status()))
                .body(new Dto.ErrorResponse(exception.errorCode(), exception.getMessage()))
                .contentType(MediaTypes.V1);
    }
}
