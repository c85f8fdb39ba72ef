package io.govstream.cli.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.govstream.cli.auth.TokenKey;
import io.govstream.cli.dispatch.OrbitClient;
import io.govstream.events.Envelope;
import io.govstream.schemas.Envelopes;
import io.govstream.orbit.auth.OrbitRoles;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.TreeSet;
import java.util.function.Function;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;

/**
 * Reports deployment events through Orbit's API ({@code POST /deployments/{service}/events}), which
 * checks the reporter's bearer token (role fitting the event, tenant), takes the identity fields from
 * it and seals the event; the gate counts no event written to Kafka directly. The token is the
 * caller's own ({@code --token}, {@code $GOVCTL_TOKEN}), or one govctl mints for the event's actor
 * from the data dir's token key, with the role the event needs, as the local identity provider.
 */
public final class DeploymentPublisher {
    public static final String PRODUCER = "govctl";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final OrbitClient orbit;
    private final Path dataDir;
    private final String token;

    /**
     * @param orbit Orbit's base URL, or null for the one {@code govctl up} wrote into {@code dataDir}
     * @param token the caller's own bearer token, or null to mint one per event from {@code dataDir}'s key
     */
    public DeploymentPublisher(Path dataDir, String orbit, String token) {
        this.dataDir = dataDir;
        this.orbit = OrbitClient.of(dataDir, orbit, (subject, tenant) -> {
            throw new IllegalStateException("a deployment event carries its reporter's own token");
        });
        this.token = token;
    }

    /** What Orbit accepted. */
    public record Sent(String eventId, String correlationId) {
        @Override
        public String toString() {
            return "event " + eventId + " (correlation " + correlationId + ")";
        }
    }

    /**
     * Reports one event and waits for Orbit to accept it (it answers once the broker has the event).
     *
     * @param actor who reports or asks (the token's subject)
     * @param event builds the event from an envelope (Orbit writes the real one: ids, time, producer)
     */
    public Sent publish(String service, String tenant, String actor, Function<Envelope, Object> event)
            throws IOException, InterruptedException {
        Envelope draft = Envelopes.draft(tenant, PRODUCER, Instant.now());
        SpecificRecord record = (SpecificRecord) event.apply(draft);
        Schema schema = record.getSchema();
        ObjectNode body = JSON.createObjectNode();
        body.put("type", schema.getName());
        body.put("tenant", tenant);
        for (Schema.Field field : schema.getFields()) {
            Object value = record.get(field.pos());
            if (field.name().equals("envelope") || value == null) {
                continue;
            }
            if (value instanceof Boolean b) {
                body.put(field.name(), b);
            } else if (value instanceof Number n) {
                body.put(field.name(), n.doubleValue());
            } else {
                body.put(field.name(), value.toString());
            }
        }
        String bearer = token != null ? token : TokenKey.load(dataDir).mint(actor, List.of(role(schema, record)), List.of(tenant),
                Duration.ofMinutes(5), Instant.now());
        JsonNode answer = OrbitClient.accepted("the " + schema.getName(),
                orbit.post("deployments/" + URLEncoder.encode(service, StandardCharsets.UTF_8) + "/events", body, bearer));
        return new Sent(answer.path("eventId").asText(), answer.path("correlationId").asText());
    }

    /** The role a minted token carries: the vote's own role, else the one role the event type admits (people before machines). */
    static String role(Schema schema, SpecificRecord record) {
        Schema.Field role = schema.getField("role");
        if (role != null && record.get(role.pos()) != null) {
            return record.get(role.pos()).toString();
        }
        TreeSet<String> allowed = new TreeSet<>(OrbitRoles.reporting(schema.getName()));
        if (allowed.isEmpty()) {
            throw new IllegalArgumentException("no role may report a " + schema.getName());
        }
        return allowed.stream().filter(OrbitRoles.HUMAN::contains).findFirst().orElse(allowed.first());
    }
}
