package io.govstream.orbit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.http.HttpStatus;

/**
 * A request Orbit refuses, naming the field at fault ({@code null}: the body as a whole): 400 when it
 * is malformed, 403 when the caller's token does not entitle them to it. {@link RefusedHandler}
 * answers every one alike.
 */
public class Refused extends RuntimeException {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpStatus status;
    private final String field;

    protected Refused(HttpStatus status, String field, String message) {
        super(message);
        this.status = status;
        this.field = field;
    }

    public HttpStatus status() {
        return status;
    }

    public String field() {
        return field;
    }

    /** A request body as a JSON object; malformed JSON, an empty body or other JSON is a bad request (saying where, or what was {@code expected}). */
    public static JsonNode parseObject(String body, String expected) {
        JsonNode root;
        try {
            root = body == null || body.isBlank() ? null : JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw new BadRequest(null, "malformed JSON at line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ": " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new BadRequest(null, expected);
        }
        return root;
    }

    /** A malformed request (400). */
    public static final class BadRequest extends Refused {
        public BadRequest(String field, String message) {
            super(HttpStatus.BAD_REQUEST, field, message);
        }
    }

    /** A request the caller's token does not entitle them to (403). */
    public static final class Forbidden extends Refused {
        public Forbidden(String field, String message) {
            super(HttpStatus.FORBIDDEN, field, message);
        }
    }
}
