package io.govstream.orbit;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Answers a {@link Refused} request with its status and a {@link Problem}; a 403 is logged, without the caller's name. */
@Singleton
@Produces
public class RefusedHandler implements ExceptionHandler<Refused, HttpResponse<Problem>> {
    private static final Logger LOG = LoggerFactory.getLogger(RefusedHandler.class);

    @Override
    public HttpResponse<Problem> handle(HttpRequest request, Refused e) {
        if (e.status().getCode() == 403) {
            LOG.warn("Refused {} {}: 403, {}", request.getMethod(), request.getPath(), e.getMessage());
        }
        return HttpResponse.<Problem>status(e.status()).body(new Problem(e.getMessage(), e.field()));
    }
}
