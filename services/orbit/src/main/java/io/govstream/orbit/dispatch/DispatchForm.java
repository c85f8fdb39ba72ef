package io.govstream.orbit.dispatch;

import com.fasterxml.jackson.databind.JsonNode;
import io.govstream.orbit.Refused;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The body of {@code POST /dispatch}, parsed and checked field by field so that a caller
 * learns exactly which field is wrong. {@code subject} is optional here: the dispatch's subject
 * is the authenticated caller's, see {@link #asSubject(String)}.
 */
public record DispatchForm(String target, String intent, String subject, String tenant, String payloadJson,
                           Map<String, String> attributes) {
    static final int MAX_NAME = 200;
    static final int MAX_PAYLOAD_BYTES = 64 * 1024;
    // The same limits governance-streams' validator applies, so Orbit answers 400 instead of a DENY later.
    static final int MAX_ATTRIBUTES = 32;
    static final int MAX_ATTRIBUTE_KEY = 64;
    static final int MAX_ATTRIBUTE_VALUE = 1024;
    private static final Pattern TENANT = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
    /** The tenant governance-streams decides external requests in (its Provenance.EXTERNAL_TENANT). */
    static final String EXTERNAL_TENANT = "external";

    public static DispatchForm parse(String body) {
        if (body == null || body.isBlank()) {
            throw new Refused.BadRequest(null, "request body is empty: expected a JSON object with target, intent, subject, tenant");
        }
        JsonNode root = Refused.parseObject(body, "expected a JSON object with target, intent, subject, tenant");
        String target = name(root, "target");
        String intent = name(root, "intent");
        // The subject comes from the caller's token; a body may repeat it, nothing more (see DispatchController).
        String subject = root.hasNonNull("subject") ? name(root, "subject") : null;
        String tenant = name(root, "tenant");
        if (!TENANT.matcher(tenant).matches()) {
            throw new Refused.BadRequest("tenant", "tenant must match " + TENANT.pattern());
        }
        if (EXTERNAL_TENANT.equals(tenant)) {
            throw new Refused.BadRequest("tenant", "tenant '" + EXTERNAL_TENANT + "' is reserved for requests from outside the platform");
        }
        JsonNode payload = root.get("payload");
        if (payload != null && !payload.isNull() && !payload.isObject()) {
            throw new Refused.BadRequest("payload", "payload must be a JSON object");
        }
        String payloadJson = payload == null || payload.isNull() ? "{}" : payload.toString();
        if (payloadJson.getBytes(StandardCharsets.UTF_8).length > MAX_PAYLOAD_BYTES) {
            throw new Refused.BadRequest("payload", "payload exceeds " + MAX_PAYLOAD_BYTES + " bytes");
        }
        return new DispatchForm(target, intent, subject, tenant, payloadJson, attributes(root.get("attributes")));
    }

    /**
     * The form as the authenticated subject sends it. A body naming another subject is refused:
     * nobody dispatches on someone else's behalf by writing a name into JSON.
     */
    public DispatchForm asSubject(String authenticated) {
        if (subject != null && !subject.equals(authenticated)) {
            throw new Refused.Forbidden("subject", "body subject does not match the token's subject; omit it or send your own");
        }
        return new DispatchForm(target, intent, authenticated, tenant, payloadJson, attributes);
    }

    private static String name(JsonNode root, String field) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            throw new Refused.BadRequest(field, "missing required field '" + field + "'");
        }
        if (!node.isTextual()) {
            throw new Refused.BadRequest(field, "field '" + field + "' must be a string");
        }
        String value = node.asText().strip();
        if (value.isEmpty()) {
            throw new Refused.BadRequest(field, "field '" + field + "' must not be blank");
        }
        if (value.length() > MAX_NAME) {
            throw new Refused.BadRequest(field, "field '" + field + "' is longer than " + MAX_NAME + " characters");
        }
        return value;
    }

    private static Map<String, String> attributes(JsonNode node) {
        Map<String, String> attributes = new LinkedHashMap<>();
        if (node == null || node.isNull()) {
            return attributes;
        }
        if (!node.isObject()) {
            throw new Refused.BadRequest("attributes", "attributes must be a JSON object of strings");
        }
        if (node.size() > MAX_ATTRIBUTES) {
            throw new Refused.BadRequest("attributes", "attributes has " + node.size() + " entries, at most " + MAX_ATTRIBUTES + " allowed");
        }
        node.fields().forEachRemaining(e -> {
            if (!e.getValue().isTextual()) {
                throw new Refused.BadRequest("attributes." + e.getKey(), "attribute '" + e.getKey() + "' must be a string");
            }
            if (e.getKey().isBlank() || e.getKey().length() > MAX_ATTRIBUTE_KEY) {
                throw new Refused.BadRequest("attributes", "attribute names must be 1 to " + MAX_ATTRIBUTE_KEY + " characters");
            }
            if (e.getValue().asText().length() > MAX_ATTRIBUTE_VALUE) {
                throw new Refused.BadRequest("attributes." + e.getKey(), "attribute '" + e.getKey() + "' is longer than "
                        + MAX_ATTRIBUTE_VALUE + " characters");
            }
            attributes.put(e.getKey(), e.getValue().asText());
        });
        return attributes;
    }
}
