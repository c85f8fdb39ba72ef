package io.govstream.orbit.deployment;

import io.govstream.orbit.OrbitSettings;
import io.govstream.orbit.Refused;
import io.govstream.orbit.SealedPublisher;
import io.govstream.events.Envelope;
import io.govstream.events.deployment.DeploymentEvent;
import io.govstream.runtime.KafkaClientSettings;
import io.govstream.schemas.EventHeaders;
import io.govstream.schemas.Envelopes;
import io.govstream.schemas.registry.SchemaRegistryClient;
import io.govstream.schemas.serde.AvroSerde;
import io.govstream.topology.Topics;
import jakarta.annotation.PreDestroy;
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
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.security.authentication.Authentication;
import io.govstream.orbit.auth.OrbitRoles;
import io.govstream.orbit.auth.Tenancy;
import java.util.Set;
import java.time.Instant;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /deployments/{service}/events} reports a release event (the same events as
 * {@code govctl deploy request|check|approve|revoke|complete|switch|health|rollback}) for the
 * deployment gate and answers 202 with the event and correlation ids. The gate's decisions are in
 * the ledger ({@code govctl deploy status --wait}). Each event type needs its role
 * ({@link OrbitRoles#reporting}): people (devops, security) request and approve, machines report
 * (ci: checks, monitor: health, deployer: completions and switches); the token must name the event's
 * tenant. The event's identity fields (requester, approver, reporter) are the token's subject, an
 * approval's role must be one of the token's roles, and Orbit seals the event: the gate counts only
 * sealed events (docs/security.md). Events are published to the deployments topic keyed by service (the gate's
 * partitioning).
 */
@Controller("/deployments")
public class DeploymentController implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DeploymentController.class);
    private static final Pattern SERVICE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,199}");

    private final SealedPublisher<DeploymentEvent> publisher;

    /** @param settings with Orbit's private seal keyset (as for votes): the gate counts only sealed events. Empty: none counts. */
    public DeploymentController(KafkaClientSettings kafka, SchemaRegistryClient registry, Topics topics, OrbitSettings settings) {
        this.publisher = new SealedPublisher<>(kafka, AvroSerde.forValue(DeploymentEvent.class, registry).serializer(),
                topics.deployments(), settings, Map.of(ProducerConfig.CLIENT_ID_CONFIG, "orbit-deployments"),
                DeploymentController.class, "deployment events go out unsealed and the gate will not count them");
    }

    /** Answer to an accepted event. */
    @Serdeable
    public record Accepted(String eventId, String correlationId, String type, String service) {
    }

    @Secured({OrbitRoles.DEVOPS, OrbitRoles.SECURITY, OrbitRoles.CI, OrbitRoles.MONITOR, OrbitRoles.DEPLOYER})
    @Post(uri = "/{service}/events", consumes = {MediaType.APPLICATION_JSON, MediaType.TEXT_PLAIN}, produces = MediaType.APPLICATION_JSON)
    @ExecuteOn(TaskExecutors.BLOCKING)
    public HttpResponse<Accepted> report(Authentication caller, @PathVariable String service, @Body String body,
                                         @Nullable @Header("traceparent") String traceparent) {
        if (!SERVICE.matcher(service).matches()) {
            throw new Refused.BadRequest("service", "service must match " + SERVICE.pattern());
        }
        String trace = EventHeaders.childOf(traceparent);
        // The tenant is a placeholder: the form's tenant replaces it.
        Envelope envelope = Envelopes.newCorrelation(Envelopes.PLACEHOLDER, "orbit", Instant.now(), trace);
        String eventId = envelope.getEventId();
        DeploymentForm form = DeploymentForm.parse(service, body, envelope, caller.getName(), Set.copyOf(caller.getRoles()));
        Set<String> allowed = OrbitRoles.reporting(form.type());
        if (caller.getRoles().stream().noneMatch(allowed::contains)) {
            throw new Refused.Forbidden("role", "a " + form.type() + " needs one of the roles " + new java.util.TreeSet<>(allowed)
                    + "; the token has " + new java.util.TreeSet<>(caller.getRoles()));
        }
        if (!Tenancy.allows(caller, form.tenant())) {
            throw new Refused.Forbidden("tenant", "the token is not for tenant '" + form.tenant() + "' (its tenants: " + Tenancy.of(caller) + ")");
        }
        publisher.publish(service, eventId, trace, form.value(), "a deployment event of " + service);
        LOG.info("Deployment event accepted: {} of {} (event {})", form.type(), service, eventId);
        return HttpResponse.<Accepted>status(HttpStatus.ACCEPTED).body(new Accepted(eventId, eventId, form.type(), service));
    }

    @PreDestroy
    @Override
    public void close() {
        publisher.close();
    }
}
