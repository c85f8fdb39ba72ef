package io.govstream.orbit.auth;

import io.govstream.runtime.auth.LocalTokens;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every dispatch and deployment API call needs a bearer token minted with the data dir's key
 * ({@code govctl token}): no or a bad token → 401, a token without a fitting role → 403.
 * Health and metrics are not under {@code /dispatch}, so probes and scrapes stay open.
 * Refusals are logged with the reason and the caller's subject when known, never the token.
 */
@ServerFilter(patterns = {"/dispatch", "/dispatch/**", "/deployments/**"})
public class BearerTokenFilter {
    /** Request attribute holding the {@link LocalTokens.Claims} of the authenticated caller. */
    public static final String CLAIMS = "govstream.auth.claims";
    static final Set<String> MAY_DISPATCH = Set.of("dispatcher", "admin");
    static final Set<String> MAY_READ = Set.of("dispatcher", "auditor", "admin");
    private static final Logger LOG = LoggerFactory.getLogger(BearerTokenFilter.class);

    private final @Nullable LocalTokens tokens;
    private final Clock clock;
    private final Counter unauthenticated;
    private final Counter forbidden;

    public BearerTokenFilter(@Nullable @Value("${orbit.auth.jwt-secret-file:}") String keyFile, MeterRegistry meters) {
        this.tokens = keyFile == null || keyFile.isBlank() || !Files.isRegularFile(Path.of(keyFile))
                ? null : LocalTokens.fromFile(Path.of(keyFile));
        if (tokens == null) {
            LOG.warn("orbit.auth.jwt-secret-file is not set or missing: every /dispatch call will be refused with 401");
        }
        this.clock = Clock.systemUTC();
        this.unauthenticated = Counter.builder("orbit.auth.refused").tag("status", "401")
                .description("API calls refused: 401 without a valid token, 403 without a fitting role").register(meters);
        this.forbidden = Counter.builder("orbit.auth.refused").tag("status", "403")
                .description("API calls refused: 401 without a valid token, 403 without a fitting role").register(meters);
    }

    @RequestFilter
    public @Nullable MutableHttpResponse<?> authenticate(HttpRequest<?> request) {
        String what = request.getMethod() + " " + request.getPath();
        Optional<String> header = request.getHeaders().getAuthorization();
        if (header.isEmpty() || !header.get().regionMatches(true, 0, "Bearer ", 0, 7)) {
            return refuseUnauthenticated(what, "no bearer token");
        }
        if (tokens == null) {
            return refuseUnauthenticated(what, "Orbit has no token key configured");
        }
        LocalTokens.Claims claims;
        try {
            claims = tokens.verify(header.get().substring(7).strip(), clock.instant());
        } catch (LocalTokens.InvalidToken e) {
            return refuseUnauthenticated(what, e.getMessage());
        }
        Set<String> needed = request.getMethod() == HttpMethod.GET ? MAY_READ : MAY_DISPATCH;
        if (!claims.hasAnyRole(needed)) {
            forbidden.increment();
            LOG.warn("Refused {} for subject {} (roles {}): 403, needs one of {}", what, claims.subject(), claims.roles(), needed);
            return HttpResponse.status(HttpStatus.FORBIDDEN)
                    .body(Map.of("error", "forbidden: needs one of the roles " + needed.stream().sorted().toList()));
        }
        request.setAttribute(CLAIMS, claims);
        return null;
    }

    private MutableHttpResponse<?> refuseUnauthenticated(String what, String reason) {
        unauthenticated.increment();
        LOG.warn("Refused {}: 401, {}", what, reason);
        return HttpResponse.status(HttpStatus.UNAUTHORIZED)
                .header("WWW-Authenticate", "Bearer realm=\"orbit\"")
                .body(Map.of("error", "unauthorized: " + reason));
    }
}
