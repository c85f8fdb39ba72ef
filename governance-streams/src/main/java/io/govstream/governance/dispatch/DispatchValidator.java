package io.govstream.governance.dispatch;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import io.govstream.events.DispatchRequested;
import io.govstream.events.Envelope;
import io.govstream.ledger.gdpr.PersonalFields;
import io.govstream.policy.PolicyLoader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks a decoded request before any policy sees it. A request that fails is denied with rule
 * id {@code validation} and the problems as its reason (invariant 6): it never stops the pipeline.
 */
public final class DispatchValidator {
    public static final int MAX_NAME_LENGTH = 200;
    public static final int MAX_PAYLOAD_BYTES = 64 * 1024;
    public static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(5);
    public static final int MAX_ATTRIBUTES = 32;
    public static final int MAX_ATTRIBUTE_KEY = 64;
    public static final int MAX_ATTRIBUTE_VALUE = 1024;

    private static final ObjectReader JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).reader();

    /** The problems of {@code request} at time {@code now}; empty if it is valid. */
    public List<String> problems(DispatchRequested request, Instant now) {
        List<String> problems = new ArrayList<>();
        Envelope envelope = request.getEnvelope();
        name(problems, "envelope.eventId", envelope.getEventId());
        name(problems, "envelope.correlationId", envelope.getCorrelationId());
        name(problems, "envelope.causationId", envelope.getCausationId());
        if (name(problems, "envelope.tenant", envelope.getTenant()) && !PolicyLoader.TENANT.matcher(envelope.getTenant()).matches()) {
            problems.add("envelope.tenant '" + envelope.getTenant() + "' does not match " + PolicyLoader.TENANT.pattern());
        }
        name(problems, "source", request.getSource());
        name(problems, "target", request.getTarget());
        name(problems, "intent", request.getIntent());
        if (name(problems, "subject", request.getSubject()) && PersonalFields.isErased(request.getSubject())) {
            problems.add("subject must not be an erased person's marker");
        }
        payload(problems, request.getPayload());
        attributes(problems, request.getAttributes());
        Instant latest = now.plus(MAX_CLOCK_SKEW);
        if (envelope.getOccurredAt() != null && envelope.getOccurredAt().isAfter(latest)) {
            problems.add("envelope.occurredAt " + envelope.getOccurredAt() + " is more than "
                    + MAX_CLOCK_SKEW.toMinutes() + " min in the future");
        }
        return problems;
    }

    /** Adds a problem unless {@code value} is a non-blank name within the length limit; returns whether it was. */
    private static boolean name(List<String> problems, String field, String value) {
        if (value == null || value.isBlank()) {
            problems.add(field + " is blank");
            return false;
        }
        if (value.length() > MAX_NAME_LENGTH) {
            problems.add(field + " is " + value.length() + " characters, at most " + MAX_NAME_LENGTH + " allowed");
            return false;
        }
        return true;
    }

    private static void attributes(List<String> problems, java.util.Map<String, String> attributes) {
        if (attributes == null) {
            return;
        }
        if (attributes.size() > MAX_ATTRIBUTES) {
            problems.add("attributes has " + attributes.size() + " entries, at most " + MAX_ATTRIBUTES + " allowed");
            return;
        }
        for (java.util.Map.Entry<String, String> e : attributes.entrySet()) {
            String key = String.valueOf(e.getKey());
            if (key.isBlank() || key.length() > MAX_ATTRIBUTE_KEY) {
                problems.add("attribute name '" + (key.length() > MAX_ATTRIBUTE_KEY ? key.substring(0, MAX_ATTRIBUTE_KEY) + "…" : key)
                        + "' must be 1 to " + MAX_ATTRIBUTE_KEY + " characters");
            } else if (e.getValue() != null && e.getValue().length() > MAX_ATTRIBUTE_VALUE) {
                problems.add("attribute '" + key + "' is " + e.getValue().length() + " characters, at most "
                        + MAX_ATTRIBUTE_VALUE + " allowed");
            }
        }
    }

    private static void payload(List<String> problems, String payload) {
        if (payload == null) {
            problems.add("payload is missing");
            return;
        }
        int bytes = payload.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_PAYLOAD_BYTES) {
            problems.add("payload is " + bytes + " bytes, at most " + MAX_PAYLOAD_BYTES + " allowed");
            return;
        }
        try {
            var tree = JSON.readTree(payload);
            if (tree == null || tree.isMissingNode()) {
                problems.add("payload is not JSON: empty");
            }
        } catch (JsonProcessingException e) {
            problems.add("payload is not JSON: " + e.getOriginalMessage());
        }
    }
}
