package io.govstream.cli.dispatch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A small client of Orbit's HTTP API: dispatch, then wait for the outcome. */
public final class OrbitClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final URI base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public OrbitClient(String baseUrl) {
        this.base = URI.create(baseUrl.endsWith("/") ? baseUrl : baseUrl + "/");
    }

    /** A dispatch as Orbit accepts it. */
    public record Dispatch(String target, String intent, String subject, String tenant, String payloadJson) {
    }

    /** Posts the dispatch; returns its correlation id. */
    public String dispatch(Dispatch dispatch) throws IOException, InterruptedException {
        ObjectNode body = JSON.createObjectNode();
        body.put("target", dispatch.target());
        body.put("intent", dispatch.intent());
        body.put("subject", dispatch.subject());
        body.put("tenant", dispatch.tenant());
        body.set("payload", JSON.readTree(dispatch.payloadJson()));
        HttpResponse<String> response = send(HttpRequest.newBuilder(base.resolve("dispatch"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build());
        JsonNode answer = JSON.readTree(response.body());
        if (response.statusCode() != 202) {
            throw new IOException("Orbit refused the dispatch (" + response.statusCode() + "): " + answer.path("error").asText(response.body()));
        }
        return answer.get("correlationId").asText();
    }

    /** Waits up to {@code wait} for a final state and returns the dispatch as Orbit reports it. */
    public JsonNode await(String correlationId, Duration wait) throws IOException, InterruptedException {
        HttpResponse<String> response = send(HttpRequest.newBuilder(
                base.resolve("dispatch/" + correlationId + "?wait=" + wait.toSeconds() + "s"))
                .timeout(wait.plusSeconds(10)).GET().build());
        if (response.statusCode() != 200) {
            throw new IOException("Orbit answered " + response.statusCode() + " for " + correlationId + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }

    private HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (java.net.ConnectException e) {
            throw new IOException("cannot reach Orbit at " + base + " (is 'govctl up' running?)", e);
        }
    }
}
