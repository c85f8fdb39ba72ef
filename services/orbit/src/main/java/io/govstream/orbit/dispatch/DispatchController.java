package io.govstream.orbit.dispatch;

import io.govstream.orbit.Problem;
import io.govstream.orbit.Refused;
import io.govstream.orbit.OrbitSettings;
import io.govstream.orbit.auth.OrbitRoles;
import io.govstream.orbit.auth.Tenancy;
import io.micronaut.security.annotation.Secured;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.security.authentication.Authentication;
import io.govstream.runtime.logging.EventMdc;
import io.govstream.runtime.tracing.Tracing;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /dispatch} asks governance for a dispatch and answers 202 with its correlation
 * id; {@code GET /dispatch/{id}?wait=10s} answers where it stands, waiting up to the bound
 * for a final state.
 */
@Controller("/dispatch")
public class DispatchController {
    /** The span of a dispatch call (OpenTelemetry's HTTP server span name: method and route). */
    static final String SPAN = "POST /dispatch";
    private static final AttributeKey<String> HTTP_METHOD = AttributeKey.stringKey("http.request.method");
    private static final AttributeKey<String> HTTP_ROUTE = AttributeKey.stringKey("http.route");
    private static final AttributeKey<Long> HTTP_STATUS = AttributeKey.longKey("http.response.status_code");
    private static final Logger LOG = LoggerFactory.getLogger(DispatchController.class);

    private final DispatchSubmitter submitter;
    private final DispatchTracker tracker;
    private final Duration maxWait;
    private final Counter accepted;
    private final Counter invalid;
    private final Counter failed;
    private final Tracing tracing;

    public DispatchController(DispatchSubmitter submitter, DispatchTracker tracker, MeterRegistry meters, Tracing tracing,
                              OrbitSettings settings) {
        this.submitter = submitter;
        this.tracing = tracing;
        this.tracker = tracker;
        this.maxWait = settings.maxWait();
        this.accepted = dispatches(meters, "accepted");
        this.invalid = dispatches(meters, "invalid");
        this.failed = dispatches(meters, "failed");
    }

    private static Counter dispatches(MeterRegistry meters, String outcome) {
        return Counter.builder("orbit.dispatches")
                .description("Dispatch requests Orbit received, by outcome: accepted (published), invalid (400), failed (not published)")
                .tag("outcome", outcome)
                .register(meters);
    }

    /** Answer to an accepted dispatch. */
    @Serdeable
    public record Accepted(String correlationId, DispatchStatus status, String location) {
    }

    @Post(consumes = {MediaType.APPLICATION_JSON, MediaType.TEXT_PLAIN}, produces = MediaType.APPLICATION_JSON)
    @Secured({OrbitRoles.DISPATCHER, OrbitRoles.ADMIN})
    @ExecuteOn(TaskExecutors.BLOCKING)
    public HttpResponse<Accepted> dispatch(Authentication caller, @Body String body,
                                           @Nullable @Header("traceparent") String traceparent) {
        // The span of the call: child of the caller's traceparent, or the root of the dispatch's trace.
        try (Tracing.Hop hop = tracing.start(SPAN, SpanKind.SERVER, traceparent)) {
            hop.attribute(HTTP_METHOD, "POST").attribute(HTTP_ROUTE, "/dispatch");
            HttpResponse<Accepted> response = accept(caller, body, hop);
            hop.span().setAttribute(HTTP_STATUS, response.code());
            return response;
        }
    }

    private HttpResponse<Accepted> accept(Authentication caller, String body, Tracing.Hop hop) {
        DispatchForm form;
        try {
            form = DispatchForm.parse(body).asSubject(caller.getName());
        } catch (Refused.BadRequest e) {
            invalid.increment();
            throw e;
        }
        if (!Tenancy.allows(caller, form.tenant())) {
            invalid.increment();
            throw new Refused.Forbidden("tenant", "the token is not for tenant '" + form.tenant() + "' (its tenants: " + Tenancy.of(caller) + ")");
        }
        String correlationId = UUID.randomUUID().toString();
        hop.attribute(Tracing.CORRELATION_ID, correlationId).attribute(Tracing.TENANT, form.tenant())
                .attribute(Tracing.TARGET, form.target()).attribute(Tracing.INTENT, form.intent());
        try (EventMdc mdc = EventMdc.of(correlationId, form.tenant(), hop.traceparent())) {
            String traceparent;
            try {
                traceparent = submitter.submit(correlationId, form, hop.traceparent());
            } catch (RuntimeException e) {
                hop.failed(e);
                failed.increment();
                LOG.error("Dispatch could not be published: {}", e.getMessage());
                throw e;
            }
            tracker.submitted(correlationId, form.tenant());
            accepted.increment();
            // The subject is personal data: target and intent identify the dispatch well enough.
            LOG.info("Dispatch accepted: target={} intent={} traceparent={}", form.target(), form.intent(), traceparent);
            String location = "/dispatch/" + correlationId;
            return HttpResponse.<Accepted>status(HttpStatus.ACCEPTED)
                    .header("Location", location)
                    .header("traceparent", traceparent)
                    .body(new Accepted(correlationId, DispatchStatus.PENDING, location));
        }
    }

    @Get(uri = "/{id}", produces = MediaType.APPLICATION_JSON)
    @Secured({OrbitRoles.DISPATCHER, OrbitRoles.AUDITOR, OrbitRoles.ADMIN})
    public CompletableFuture<HttpResponse<?>> status(Authentication caller, @PathVariable String id, @Nullable @QueryValue String wait) {
        Duration bound = parseWait(wait);
        // Another tenant's dispatch reads as unknown: its existence is not the caller's business.
        return tracker.await(id, bound).thenApply(view -> view.filter(v -> Tenancy.allows(caller, v.tenant()))
                .<HttpResponse<?>>map(HttpResponse::ok)
                .orElseGet(() -> HttpResponse.notFound(new Problem("no dispatch " + id
                        + " is known to this Orbit instance (unknown id, or older than its lookback)", null))));
    }

    private Duration parseWait(String wait) {
        if (wait == null || wait.isBlank()) {
            return Duration.ZERO;
        }
        Duration bound;
        try {
            if (wait.matches("\\d+")) {
                bound = Duration.ofSeconds(Long.parseLong(wait));
            } else if (wait.matches("\\d+ms")) {
                bound = Duration.ofMillis(Long.parseLong(wait.substring(0, wait.length() - 2)));
            } else {
                bound = Duration.parse("PT" + wait.toUpperCase(java.util.Locale.ROOT));
            }
        } catch (DateTimeParseException | NumberFormatException e) {
            throw new Refused.BadRequest("wait", "wait must be seconds or a duration like 10s, 500ms, 1m");
        }
        if (bound.isNegative()) {
            throw new Refused.BadRequest("wait", "wait must not be negative");
        }
        return bound.compareTo(maxWait) > 0 ? maxWait : bound;
    }
}
