package io.govstream.orbit.approval;

import io.govstream.orbit.auth.OrbitRoles;
import io.govstream.runtime.logging.EventMdc;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.serde.annotation.Serdeable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Votes on escalated requests: {@code POST /approvals/{correlationId}/approve} and
 * {@code .../reject}, body {@code {"role": "...", "comment": "..."}} (both optional). The voter is
 * the token's subject; the role one of the token's voting roles (devops, security: people vote, the
 * admin role operates the platform and does not). Orbit seals the vote ({@code EventSeal}); only
 * sealed votes count. governance-streams decides whether the vote counts (it ignores, and ledgers
 * as ignored, a requester approving their own request or a role the policy does not ask for).
 */
@Controller("/approvals")
public class ApprovalController {
    private static final Logger LOG = LoggerFactory.getLogger(ApprovalController.class);

    private final ApprovalSubmitter submitter;
    private final MeterRegistry meters;

    public ApprovalController(ApprovalSubmitter submitter, MeterRegistry meters) {
        this.submitter = submitter;
        this.meters = meters;
    }

    @Serdeable
    public record Voted(String correlationId, String vote, String approver, String role, String eventId) {
    }

    @Post(uri = "/{correlationId}/approve", consumes = {MediaType.APPLICATION_JSON, MediaType.TEXT_PLAIN},
            produces = MediaType.APPLICATION_JSON)
    @Secured({OrbitRoles.DEVOPS, OrbitRoles.SECURITY})
    @ExecuteOn(TaskExecutors.BLOCKING)
    public HttpResponse<Voted> approve(Authentication caller, @PathVariable String correlationId, @Nullable @Body String body,
                                       @Nullable @Header("traceparent") String traceparent) {
        return vote(caller, correlationId, body, traceparent, true);
    }

    @Post(uri = "/{correlationId}/reject", consumes = {MediaType.APPLICATION_JSON, MediaType.TEXT_PLAIN},
            produces = MediaType.APPLICATION_JSON)
    @Secured({OrbitRoles.DEVOPS, OrbitRoles.SECURITY})
    @ExecuteOn(TaskExecutors.BLOCKING)
    public HttpResponse<Voted> reject(Authentication caller, @PathVariable String correlationId, @Nullable @Body String body,
                                      @Nullable @Header("traceparent") String traceparent) {
        return vote(caller, correlationId, body, traceparent, false);
    }

    private HttpResponse<Voted> vote(Authentication caller, String correlationId, String body, String traceparent, boolean granted) {
        VoteForm form = VoteForm.parse(correlationId, body, caller.getName(), caller.getRoles());
        String kind = granted ? "approval" : "rejection";
        try (EventMdc mdc = EventMdc.of(correlationId, "-", traceparent)) {
            String eventId = submitter.submit(form, granted, traceparent, authenticatedBy(caller),
                    io.govstream.orbit.auth.Tenancy.of(caller));
            meters.counter("orbit.votes", "vote", kind).increment();
            LOG.info("Vote published: {} of {} in role {}", kind, correlationId, form.role());
            return HttpResponse.<Voted>status(HttpStatus.ACCEPTED)
                    .body(new Voted(correlationId, kind, form.approver(), form.role(), eventId));
        }
    }

    /** How Orbit knows the voter, for the vote and the ledger: the verified token's issuer and roles. */
    static String authenticatedBy(Authentication caller) {
        Object issuer = caller.getAttributes().get("iss");
        return "bearer token of " + (issuer == null ? "an unnamed issuer" : issuer) + ", checked by Orbit (roles "
                + new java.util.TreeSet<>(caller.getRoles()) + ")";
    }
}
