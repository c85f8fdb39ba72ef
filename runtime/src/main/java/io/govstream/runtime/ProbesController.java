package io.govstream.runtime;

import io.micronaut.core.async.annotation.SingleResult;
import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.health.HealthStatus;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.management.endpoint.health.HealthEndpoint;
import io.micronaut.management.health.indicator.HealthCheckType;
import io.micronaut.management.health.indicator.HealthResult;
import org.reactivestreams.Publisher;

/**
 * Kubernetes-style probes on the paths the platform documents: {@code /health/live} (the
 * process is alive and not wedged) and {@code /health/ready} (able to serve), each 200
 * when UP and 503 otherwise. Micronaut's own {@code /health/liveness} and
 * {@code /health/readiness} answer the same.
 */
@Controller("/health")
public class ProbesController {
    private final HealthEndpoint health;

    public ProbesController(HealthEndpoint health) {
        this.health = health;
    }

    @Get("/live")
    @SingleResult
    public Publisher<MutableHttpResponse<HealthResult>> live() {
        return probe(HealthCheckType.LIVENESS);
    }

    @Get("/ready")
    @SingleResult
    public Publisher<MutableHttpResponse<HealthResult>> ready() {
        return probe(HealthCheckType.READINESS);
    }

    private Publisher<MutableHttpResponse<HealthResult>> probe(HealthCheckType type) {
        return Publishers.map(health.getHealth(null, type), result -> HttpResponse
                .status(HealthStatus.DOWN.equals(result.getStatus()) || HealthStatus.UNKNOWN.equals(result.getStatus())
                        ? HttpStatus.SERVICE_UNAVAILABLE : HttpStatus.OK)
                .body(result));
    }
}
