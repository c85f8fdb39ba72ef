package io.govstream.orbit.auth;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.SignedJWT;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.authentication.AuthorizationException;
import io.micronaut.security.authentication.DefaultAuthorizationExceptionHandler;
import io.micronaut.web.router.RouteAttributes;
import jakarta.inject.Singleton;
import java.text.ParseException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a refused caller gets: 401 (no valid token) with {@code WWW-Authenticate: Bearer} or 403
 * (valid token, no fitting role), each with a JSON reason, logged and counted
 * ({@code orbit_auth_refused_total{status}}). The token never appears in the log or the answer:
 * only the reason, the route and, for 403, the subject and its roles.
 */
@Singleton
@Replaces(DefaultAuthorizationExceptionHandler.class)
public class AuthRefusals implements ExceptionHandler<AuthorizationException, MutableHttpResponse<?>> {
    private static final Logger LOG = LoggerFactory.getLogger(AuthRefusals.class);

    private final Counter unauthenticated;
    private final Counter forbidden;

    public AuthRefusals(MeterRegistry meters) {
        this.unauthenticated = Counter.builder("orbit.auth.refused").tag("status", "401")
                .description("API calls refused: 401 without a valid token, 403 without a fitting role").register(meters);
        this.forbidden = Counter.builder("orbit.auth.refused").tag("status", "403")
                .description("API calls refused: 401 without a valid token, 403 without a fitting role").register(meters);
    }

    @Override
    public MutableHttpResponse<?> handle(HttpRequest request, AuthorizationException exception) {
        String what = request.getMethod() + " " + request.getPath();
        Authentication caller = exception.getAuthentication();
        if (exception.isForbidden() && caller != null) {
            forbidden.increment();
            List<String> needed = neededRoles(request);
            // Not the caller's name: log lines hold no personal data.
            LOG.warn("Refused {} for a caller with roles {}: 403, needs one of {}", what, caller.getRoles(), needed);
            return HttpResponse.status(HttpStatus.FORBIDDEN).body(Map.of("error", "forbidden: needs one of the roles " + needed));
        }
        unauthenticated.increment();
        String reason = whyUnauthenticated(request.getHeaders().getAuthorization(), Instant.now());
        LOG.warn("Refused {}: 401, {}", what, reason);
        return HttpResponse.status(HttpStatus.UNAUTHORIZED)
                .header("WWW-Authenticate", "Bearer realm=\"orbit\"")
                .body(Map.of("error", "unauthorized: " + reason));
    }

    /** The roles the route's {@code @Secured} admits, sorted. */
    private static List<String> neededRoles(HttpRequest<?> request) {
        return RouteAttributes.getRouteMatch(request)
                .map(match -> Arrays.stream(match.getAnnotationMetadata().stringValues(Secured.class)).sorted().toList())
                .orElse(List.of());
    }

    /**
     * Why no one was authenticated, for the log and the answer. The token was already refused by
     * the verifier; this only reads its header and claims (unverified) to name the likely reason.
     */
    static String whyUnauthenticated(Optional<String> authorization, Instant now) {
        if (authorization.isEmpty() || !authorization.get().regionMatches(true, 0, "Bearer ", 0, 7)) {
            return "no bearer token";
        }
        JWT jwt;
        try {
            jwt = JWTParser.parse(authorization.get().substring(7).strip());
        } catch (ParseException e) {
            return "the bearer token is not a JWT";
        }
        if (!(jwt instanceof SignedJWT signed) || !JWSAlgorithm.HS256.equals(signed.getHeader().getAlgorithm())) {
            return "unsupported token algorithm '" + jwt.getHeader().getAlgorithm() + "' (only HS256)";
        }
        try {
            Date expiry = jwt.getJWTClaimsSet().getExpirationTime();
            if (expiry == null) {
                return "token has no expiry";
            }
            if (expiry.toInstant().isBefore(now)) {
                return "token expired at " + expiry.toInstant();
            }
            if (jwt.getJWTClaimsSet().getSubject() == null) {
                return "token has no subject";
            }
        } catch (ParseException e) {
            return "token claims are not a JSON object";
        }
        return "token signature does not verify";
    }
}
