package io.govstream.orbit;

import io.micronaut.http.HttpStatus;

/**
 * A request Orbit refuses, naming the field at fault ({@code null}: the body as a whole): 400 when it
 * is malformed, 403 when the caller's token does not entitle them to it. {@link RefusedHandler}
 * answers every one alike.
 */
public class Refused extends RuntimeException {
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
