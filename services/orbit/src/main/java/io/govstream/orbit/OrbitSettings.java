package io.govstream.orbit;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import java.time.Duration;

/**
 * What Orbit is configured with: the {@code orbit.*} properties (application-orbit.yml, {@code -D}
 * properties or environment variables such as {@code ORBIT_EVENTS_SIGNING_KEY}), each with its
 * default here and nowhere else. The bearer-token key, {@code orbit.auth.jwt-secret-file}, has no
 * default: without it no token is accepted (TokenKeyFactory).
 *
 * @param source      the source Orbit's dispatch requests name
 * @param lookback    how far back Orbit reads decisions and results at start ...
 * @param trackedMax  ... and how many dispatches it keeps track of
 * @param maxWait     the longest a caller may wait for a dispatch's outcome
 * @param sendTimeout how long a publish may take before the call fails
 */
@ConfigurationProperties("orbit")
public record OrbitSettings(@Bindable(defaultValue = "orbit") String source,
                            @Bindable(defaultValue = "1h") Duration lookback,
                            @Bindable(defaultValue = "100000") int trackedMax,
                            @Bindable(defaultValue = "60s") Duration maxWait,
                            @Bindable(defaultValue = "10s") Duration sendTimeout,
                            Events events) {

    /**
     * @param signingKey Tink Ed25519 private keyset (JSON, 0600) that seals every vote and deployment event Orbit
     *                   publishes after checking the caller's token; governance-streams counts only sealed ones
     *                   ({@code governance.votes.verify-key}). govctl up makes
     *                   {@code <data dir>/secrets/orbit-event-signing.json}. Empty = they never count
     */
    @ConfigurationProperties("events")
    public record Events(@Bindable(defaultValue = "") String signingKey) {
    }
}
