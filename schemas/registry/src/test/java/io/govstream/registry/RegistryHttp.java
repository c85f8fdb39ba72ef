package io.govstream.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;

/** Calls a running registry the way curl or a Confluent client would. */
final class RegistryHttp {
    static final ObjectMapper JSON = new ObjectMapper();

    record Response(int status, String contentType, String text, String wwwAuthenticate) {
        JsonNode json() {
            try {
                return JSON.readTree(text);
            } catch (IOException e) {
                throw new AssertionError("Not JSON: " + text, e);
            }
        }

        int errorCode() {
            return json().path("error_code").asInt();
        }
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String baseUrl;
    private final String authorization;

    /** An anonymous client. */
    RegistryHttp(String baseUrl) {
        this(baseUrl, null);
    }

    private RegistryHttp(String baseUrl, String authorization) {
        this.baseUrl = baseUrl;
        this.authorization = authorization;
    }

    /** The same registry, called with HTTP basic credentials. */
    RegistryHttp as(String user, String password) {
        return withAuthorization("Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
    }

    /** The same registry, called with this Authorization header ({@code null}: none). */
    RegistryHttp withAuthorization(String header) {
        return new RegistryHttp(baseUrl, header);
    }

    String baseUrl() {
        return baseUrl;
    }

    Response get(String path) {
        return send("GET", path, null, MediaTypes.V1);
    }

    Response post(String path, String body) {
        return send("POST", path, body, MediaTypes.V1);
    }

    Response put(String path, String body) {
        return send("PUT", path, body, MediaTypes.V1);
    }

    Response delete(String path) {
        return send("DELETE", path, null, MediaTypes.V1);
    }

    /** {"schema": "<schema>"}, the body of register, lookup and compatibility requests. */
    static String schemaBody(String schema) {
        return json(Map.of("schema", schema));
    }

    static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** What Confluent's Java client sends as Accept. */
    static final String CONFLUENT_ACCEPT = MediaTypes.V1 + ", application/vnd.schemaregistry+json; qs=0.9, application/json; qs=0.5";

    Response send(String method, String path, String body, String contentType) {
        return send(method, path, body, contentType, CONFLUENT_ACCEPT);
    }

    Response send(String method, String path, String body, String contentType, String accept) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (body != null) {
            request.header("Content-Type", contentType);
        }
        if (accept != null) {
            request.header("Accept", accept);
        }
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""), response.body(),
                    response.headers().firstValue("WWW-Authenticate").orElse(null));
        } catch (IOException e) {
            throw new AssertionError(method + " " + path + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
