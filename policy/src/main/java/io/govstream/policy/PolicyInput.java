package io.govstream.policy;

import java.util.Map;

/**
 * The facts of a request a policy matches on, a condition reads (as {@code request.*}) and a
 * reason may quote.
 *
 * @param payload    the request's payload, a JSON document (CEL sees it parsed, see {@link PolicyEnvironment})
 * @param attributes free-form request attributes; {@code dataClass} and {@code environment} are matched by rules
 */
public record PolicyInput(String source, String target, String intent, String subject, String tenant, String payload,
                          Map<String, String> attributes) {
    /** The attribute a rule's {@code match.dataClass} reads. */
    public static final String DATA_CLASS = "dataClass";
    /** The attribute a rule's {@code match.environment} reads. */
    public static final String ENVIRONMENT = "environment";

    public PolicyInput {
        payload = payload == null ? "{}" : payload;
        attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
    }

    public PolicyInput(String source, String target, String intent, String subject, String tenant) {
        this(source, target, intent, subject, tenant, "{}", Map.of());
    }

    public String dataClass() {
        return attributes.get(DATA_CLASS);
    }

    public String environment() {
        return attributes.get(ENVIRONMENT);
    }
}
