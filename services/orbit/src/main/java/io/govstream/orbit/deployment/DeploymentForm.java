package io.govstream.orbit.deployment;

import com.fasterxml.jackson.databind.JsonNode;
import io.govstream.events.Envelope;
import io.govstream.events.deployment.DeploymentEvent;
import io.govstream.orbit.Refused;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/**
 * The body of {@code POST /deployments/{service}/events}: {@code type} names one of the
 * DeploymentEvent records (PromotionRequested, CheckReported, ApprovalGranted, ...), {@code tenant}
 * its tenant, and every other key is a field of that record under its Avro name
 * ({@code version}, {@code fromEnvironment}, {@code requester}, {@code errorRate}, ...). The
 * fields are read off the record's schema, so the API follows the schema without a second list.
 * Identity fields (requester, approver, reporter) come from the caller's bearer token, never from
 * the body: a body naming someone else is refused. An approval's role must be one of the token's roles.
 */
public record DeploymentForm(String type, String tenant, SpecificRecord event) {
    private static final Pattern TENANT = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
    private static final int MAX_TEXT = 2000;
    private static final Map<String, Schema> TYPES = types();

    /** The known event types, by name. */
    public static Set<String> typeNames() {
        return new TreeSet<>(TYPES.keySet());
    }

    /** The fields that name who acts: filled from the token's subject. */
    static final Set<String> IDENTITY_FIELDS = Set.of("requester", "approver", "reporter");

    /**
     * @param envelope the event's envelope, built by the caller (ids, time, producer)
     * @param caller   the token's subject: the event's identity fields
     * @param roles    the token's roles: an approval's role must be one of them
     */
    public static DeploymentForm parse(String service, String body, Envelope envelope, String caller, Set<String> roles) {
        JsonNode root = Refused.parseObject(body, "expected a JSON object with type, tenant and the event's fields");
        String type = text(root, "type");
        Schema schema = TYPES.get(type);
        if (schema == null) {
            throw new Refused.BadRequest("type", "type '" + type + "' is not one of " + typeNames());
        }
        String tenant = text(root, "tenant");
        if (!TENANT.matcher(tenant).matches()) {
            throw new Refused.BadRequest("tenant", "tenant must match " + TENANT.pattern());
        }
        if (root.hasNonNull("service") && !service.equals(root.get("service").asText())) {
            throw new Refused.BadRequest("service", "service in the body ('" + root.get("service").asText()
                    + "') differs from the path ('" + service + "')");
        }
        root.fieldNames().forEachRemaining(name -> {
            if (!name.equals("type") && !name.equals("tenant") && (schema.getField(name) == null || name.equals("envelope"))) {
                throw new Refused.BadRequest(name, "unknown field '" + name + "' for " + type);
            }
        });
        for (String name : IDENTITY_FIELDS) {
            if (schema.getField(name) != null && root.hasNonNull(name) && !caller.equals(root.get(name).asText())) {
                throw new Refused.BadRequest(name, name + " comes from the bearer token ('" + caller + "'), not the body ('"
                        + root.get(name).asText() + "')");
            }
        }
        if (schema.getField("role") != null && root.hasNonNull("role") && !roles.contains(root.get("role").asText())) {
            throw new Refused.BadRequest("role", "role '" + root.get("role").asText() + "' is not one of the token's roles " + new TreeSet<>(roles));
        }
        SpecificRecord event = (SpecificRecord) SpecificData.get().newRecord(null, schema);
        for (Schema.Field field : schema.getFields()) {
            Object value = switch (field.name()) {
                case "envelope" -> Envelope.newBuilder(envelope).setTenant(tenant).build();
                case "service" -> service;
                case "requester", "approver", "reporter" -> caller;
                default -> value(root.get(field.name()), field);
            };
            event.put(field.pos(), value);
        }
        return new DeploymentForm(type, tenant, event);
    }

    /** The event as the deployments topic carries it. */
    public DeploymentEvent value() {
        return DeploymentEvent.newBuilder().setEvent(event).build();
    }

    private static Object value(JsonNode node, Schema.Field field) {
        Schema schema = field.schema();
        boolean optional = schema.getType() == Schema.Type.UNION;
        if (node == null || node.isNull()) {
            if (optional) {
                return null;
            }
            throw new Refused.BadRequest(field.name(), "missing required field '" + field.name() + "'");
        }
        Schema.Type type = optional ? schema.getTypes().get(1).getType() : schema.getType();
        switch (type) {
            case BOOLEAN -> {
                if (!node.isBoolean()) {
                    throw new Refused.BadRequest(field.name(), field.name() + " must be true or false");
                }
                return node.asBoolean();
            }
            case DOUBLE -> {
                if (!node.isNumber()) {
                    throw new Refused.BadRequest(field.name(), field.name() + " must be a number");
                }
                return node.asDouble();
            }
            default -> {
                if (!node.isTextual() || node.asText().isBlank() || node.asText().length() > MAX_TEXT) {
                    throw new Refused.BadRequest(field.name(), field.name() + " must be a non-blank string of at most " + MAX_TEXT
                            + " characters");
                }
                return node.asText();
            }
        }
    }

    private static String text(JsonNode root, String name) {
        JsonNode node = root.get(name);
        if (node == null || !node.isTextual() || node.asText().isBlank()) {
            throw new Refused.BadRequest(name, "missing required field '" + name + "'");
        }
        return node.asText();
    }

    private static Map<String, Schema> types() {
        return DeploymentEvent.getClassSchema().getField("event").schema().getTypes().stream()
                .collect(Collectors.toUnmodifiableMap(Schema::getName, member -> member));
    }
}
