package io.govstream.cli.dispatch;

import io.govstream.cli.client.GovctlTrace;
import io.govstream.schemas.EventHeaders;
import io.govstream.orbit.auth.Tenancy;
import io.govstream.cli.auth.TokenKey;
import io.govstream.cli.platform.LocalTrust;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

/** A small client of Orbit's HTTP API: dispatch, then wait for the outcome. */
public final class OrbitClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final URI base;
    private final HttpClient http;

    private final TokenKey.OrbitTokens tokens;

    /**
     * @param tokens gives the bearer token for a dispatch's subject (Orbit takes the subject from it)
     * @param caCert the CA Orbit's HTTPS certificate chains to ({@code govctl up --tls}: the data dir's tls/ca.crt); null = JVM defaults
     */
    public OrbitClient(String baseUrl, TokenKey.OrbitTokens tokens, Path caCert) {
        this.base = URI.create(baseUrl.endsWith("/") ? baseUrl : baseUrl + "/");
        this.tokens = tokens;
        this.http = LocalTrust.httpClient(caCert);
    }

    /** A dispatch as Orbit accepts it. */
    public record Dispatch(String target, String intent, String subject, String tenant, String payloadJson) {
    }

    /** Posts the dispatch; returns its correlation id. */
    public String dispatch(Dispatch dispatch) throws IOException, InterruptedException {
        ObjectNode body = JSON.createObjectNode();
        body.put("target", dispatch.target());
        body.put("intent", dispatch.intent());
        body.put("tenant", dispatch.tenant());
        body.set("payload", JSON.readTree(dispatch.payloadJson()));
        return acceptedWith("the dispatch", post("dispatch", body, tokens.forSubject(dispatch.subject(), dispatch.tenant())),
                "correlationId");
    }

    /** Waits up to {@code wait} for a final state and returns the dispatch as Orbit reports it. */
    public JsonNode await(String correlationId, Duration wait) throws IOException, InterruptedException {
        HttpResponse<String> response = send(HttpRequest.newBuilder(
                base.resolve("dispatch/" + correlationId + "?wait=" + wait.toSeconds() + "s"))
                .header("Authorization", "Bearer " + tokens.forSubject("govctl", Tenancy.ALL))
                .timeout(wait.plusSeconds(10)).GET().build());
        if (response.statusCode() != 200) {
            throw new IOException("Orbit answered " + response.statusCode() + " for " + correlationId + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }

    /**
     * Casts a vote on an escalated request through Orbit, which checks the token, takes the voter
     * from it and seals the vote; returns the vote's event id.
     *
     * @param token the voter's bearer token (subject = the voter, a voting role)
     */
    public String vote(String correlationId, boolean approve, String role, String comment, String token)
            throws IOException, InterruptedException {
        ObjectNode body = JSON.createObjectNode();
        body.put("role", role);
        if (comment != null) {
            body.put("comment", comment);
        }
        String path = "approvals/" + java.net.URLEncoder.encode(correlationId, java.nio.charset.StandardCharsets.UTF_8)
                + (approve ? "/approve" : "/reject");
        return acceptedWith("the vote", post(path, body, token), "eventId");
    }

    /** The field {@code name} of Orbit's answer once it accepted {@code what}; an answer without it is an error. */
    private static String acceptedWith(String what, HttpResponse<String> response, String name) throws IOException {
        String value = accepted(what, response).path(name).asText();
        if (value.isBlank()) {
            throw new IOException("Orbit accepted " + what + " but its answer has no " + name + ": " + response.body());
        }
        return value;
    }

    /** Posts {@code body} to {@code path} with the caller's bearer token and this call's traceparent. */
    public HttpResponse<String> post(String path, ObjectNode body, String bearer) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(base.resolve(path))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + bearer)
                .header(EventHeaders.TRACEPARENT, GovctlTrace.traceparent())
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build());
    }

    /**
     * Orbit's answer (its JSON; a missing node if it sent none) to {@code what}, once it accepted it (202).
     *
     * @throws IOException if Orbit did not accept it: the error its answer names, else the answer itself
     */
    public static JsonNode accepted(String what, HttpResponse<String> response) throws IOException {
        JsonNode answer;
        try {
            answer = JSON.readTree(response.body());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            answer = com.fasterxml.jackson.databind.node.MissingNode.getInstance();
        }
        if (response.statusCode() != 202) {
            throw new IOException("Orbit refused " + what + " (" + response.statusCode() + "): " + answer.path("error").asText(response.body()));
        }
        return answer;
    }

    /** The client of Orbit at {@code override}, else at the data dir's Orbit; over HTTPS it trusts the data dir's local CA. */
    public static OrbitClient of(Path dataDir, String override, TokenKey.OrbitTokens tokens) {
        String url = urlOf(dataDir, override);
        return new OrbitClient(url, tokens, url.startsWith("https:") ? LocalTrust.caOf(dataDir) : null);
    }

    /** Orbit's URL: {@code override}, else the one {@code govctl up} wrote into the data dir, else http://localhost:8080. */
    private static String urlOf(Path dataDir, String override) {
        Path admin = dataDir.resolve(io.govstream.cli.client.ClientFiles.ADMIN);
        Object url = override != null ? override
                : java.nio.file.Files.isRegularFile(admin) ? io.govstream.cli.client.ClientFiles.read(admin).get("orbit.url") : null;
        return url != null ? url.toString() : "http://localhost:8080";
    }

    private HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (java.net.ConnectException e) {
            throw new IOException("cannot reach Orbit at " + base + " (is 'govctl up' running?)", e);
        }
    }
}
