package io.govstream.registry;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes (register, compatibility levels, deletes) need HTTP basic credentials of a user in
 * {@link WriterCredentials}, as Confluent Schema Registry asks with basic authentication on;
 * reads, lookups ({@code POST /subjects/{subject}}) and compatibility checks, which change
 * nothing, stay anonymous. Refusals answer 401 with Confluent's error body (40101) and are
 * logged with the reason, never the password.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
final class WriteAuthFilter {
    static final String REALM = "govstream-registry";
    private static final Logger LOG = LoggerFactory.getLogger(WriteAuthFilter.class);

    private final WriterCredentials credentials;

    WriteAuthFilter(WriterCredentials credentials) {
        this.credentials = credentials;
    }

    @RequestFilter
    @Nullable
    MutableHttpResponse<?> requireCredentialsToWrite(HttpRequest<?> request) {
        if (!isWrite(request.getMethod(), request.getPath())) {
            return null;
        }
        WriterCredentials.Check check = credentials.check(request.getHeaders().get(HttpHeaders.AUTHORIZATION));
        if (check.verdict() == WriterCredentials.Verdict.ADMITTED) {
            return null;
        }
        String reason = switch (check.verdict()) {
            case NO_CREDENTIALS -> "no credentials";
            case MALFORMED -> "not HTTP basic credentials";
            case UNKNOWN_USER -> credentials.users().isEmpty() ? "no user may write (registry.auth.users is empty)" : "unknown user";
            case WRONG_PASSWORD -> "wrong password for user " + check.knownUser().orElseThrow();
            case ADMITTED -> throw new IllegalStateException();
        };
        LOG.warn("Refused {} {}: 401, {}", request.getMethod(), request.getPath(), reason);
        return HttpResponse.status(HttpStatus.UNAUTHORIZED)
                .header(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"" + REALM + "\"")
                .contentType(MediaTypes.V1)
                .body(new Dto.ErrorResponse(40101, "Unauthorized: registry writes need the HTTP basic credentials of a platform principal"));
    }

    /** Everything but reads, lookups and compatibility checks. */
    static boolean isWrite(HttpMethod method, String path) {
        return switch (method) {
            case GET, HEAD, OPTIONS -> false;
            case POST -> !(path.startsWith("/compatibility/") || isLookup(path));
            default -> true;
        };
    }

    /** {@code POST /subjects/{subject}}: is this schema registered? */
    private static boolean isLookup(String path) {
        return path.startsWith("/subjects/") && path.indexOf('/', "/subjects/".length()) < 0;
    }
}
