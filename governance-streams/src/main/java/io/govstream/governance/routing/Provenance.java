package io.govstream.governance.routing;

import io.govstream.events.DispatchRequested;
import io.govstream.events.Envelope;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * Where a request's facts come from. A policy matches on the sending service, the subject and the
 * tenant; none of them is taken from what a record says about itself. The channel a request
 * arrived on proves who wrote it, because each topic has one writing principal (catalogue.yaml):
 *
 * <ul>
 *   <li>{@value #ORBIT}: the requests topic, written only by Orbit's principal. Orbit sets the
 *       subject from the caller's verified bearer token and refuses a body naming anyone else; the
 *       request is taken as Orbit wrote it.</li>
 *   <li>{@code external:<principal>}: the external requests topic, written by clients outside the
 *       platform. Only the principal is proven: source and subject become {@value #EXTERNAL_SOURCE},
 *       the tenant {@value #EXTERNAL_TENANT} (its own policy scope, quota and rate windows, so no
 *       outside client can fill or trip a real tenant's), and what the record claimed is kept in
 *       {@code claims} for the audit, never evaluated.</li>
 * </ul>
 *
 * <p>The channel travels through the routing repartition topic in the header {@value #HEADER},
 * which the topology sets on every record it reads from either topic (a producer's own header of
 * that name is replaced) and removes once the request is stamped. Only governance-streams writes
 * the repartition topic.
 */
public final class Provenance {
    /** Header carrying the channel a request arrived on through the routing repartition topic. */
    public static final String HEADER = "govstream-channel";
    /** Provenance of a request Orbit wrote to the requests topic. */
    public static final String ORBIT = "orbit";
    /** The principal the catalogue lets write the external requests topic. */
    public static final String EXTERNAL_PRINCIPAL = "producer";
    /** What the provenance of every external request starts with, the principal following it. */
    public static final String EXTERNAL_PREFIX = "external:";
    /** Provenance, source and subject of an external request. */
    public static final String EXTERNAL_SOURCE = EXTERNAL_PREFIX + EXTERNAL_PRINCIPAL;
    /** The tenant every external request is evaluated in; Orbit refuses it in a request body. */
    public static final String EXTERNAL_TENANT = "external";

    private Provenance() {
    }

    /** Sets the channel header, replacing any a producer wrote. */
    static void mark(Headers headers, String channel) {
        headers.remove(HEADER);
        headers.add(HEADER, channel.getBytes(StandardCharsets.UTF_8));
    }

    /** The channel of a routed record; a record without one (never written by this topology) counts as external. */
    static String channel(Headers headers) {
        Header header = headers.lastHeader(HEADER);
        return header == null ? EXTERNAL_SOURCE : new String(header.value(), StandardCharsets.UTF_8);
    }

    /** The tenant a request of this channel is decided in: the key it is routed by. */
    static String scope(String channel, DispatchRequested request) {
        return ORBIT.equals(channel) ? ScopeRouting.scopeKey(request) : EXTERNAL_TENANT;
    }

    /**
     * The request as the platform knows it: facts proven by the channel, claims kept apart. Mutates
     * and returns {@code request} (a record decoded for this task alone).
     */
    public static DispatchRequested stamp(DispatchRequested request, String channel) {
        if (ORBIT.equals(channel)) {
            request.setProvenance(ORBIT);
            request.setClaims(Map.of());
            return request;
        }
        Map<String, String> claims = new LinkedHashMap<>();
        Envelope envelope = request.getEnvelope();
        claims.put("source", String.valueOf(request.getSource()));
        claims.put("subject", String.valueOf(request.getSubject()));
        claims.put("tenant", envelope == null ? "null" : String.valueOf(envelope.getTenant()));
        request.setSource(EXTERNAL_SOURCE);
        request.setSubject(EXTERNAL_SOURCE);
        if (envelope != null) {
            envelope.setTenant(EXTERNAL_TENANT);
        }
        request.setProvenance(EXTERNAL_SOURCE);
        request.setClaims(claims);
        return request;
    }
}
