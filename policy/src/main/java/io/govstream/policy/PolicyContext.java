package io.govstream.policy;

import dev.cel.runtime.CelVariableResolver;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The variables of one evaluation: {@code request.*} from the request, {@code now}, and the
 * extensions' variables ({@code state}, {@code flags}, ...). The payload is parsed at most once,
 * and only if a condition reads it. One instance per decision; not thread-safe.
 */
public final class PolicyContext implements CelVariableResolver {
    private final PolicyInput request;
    private final Instant now;
    private final Map<String, Object> extensionValues;
    private Object payload;

    public PolicyContext(PolicyInput request, Instant now, Map<String, Object> extensionValues) {
        this.request = Objects.requireNonNull(request, "request");
        this.now = Objects.requireNonNull(now, "now");
        this.extensionValues = Objects.requireNonNull(extensionValues, "extensionValues");
    }

    /** Only the platform's variables; extension variables keep their neutral values (no state, no flags). */
    public static PolicyContext of(PolicyInput request, Instant now) {
        return new PolicyContext(request, now, PolicyEnvironment.standard().neutralValues());
    }

    public PolicyInput request() {
        return request;
    }

    public Instant now() {
        return now;
    }

    @Override
    public Optional<Object> find(String name) {
        Object value = switch (name) {
            case PolicyEnvironment.REQUEST_SOURCE -> request.source();
            case PolicyEnvironment.REQUEST_TARGET -> request.target();
            case PolicyEnvironment.REQUEST_INTENT -> request.intent();
            case PolicyEnvironment.REQUEST_SUBJECT -> request.subject();
            case PolicyEnvironment.REQUEST_TENANT -> request.tenant();
            case PolicyEnvironment.REQUEST_PAYLOAD_TEXT -> request.payload();
            case PolicyEnvironment.REQUEST_PAYLOAD -> payload();
            case PolicyEnvironment.REQUEST_ATTRIBUTES -> request.attributes();
            case PolicyEnvironment.NOW -> now;
            default -> extensionValues.get(name);
        };
        return Optional.ofNullable(value);
    }

    private Object payload() {
        if (payload == null) {
            payload = PolicyValues.json(request.payload());
        }
        return payload;
    }
}
