package io.govstream.orbit.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Orbit's HTTP contract for requests that never reach Kafka: bad input and unknown ids. */
class OrbitApiTest {
    private static EmbeddedServer server;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        server = ApplicationContext.builder()
                .environments("govstream", "orbit")
                .deduceEnvironment(false)
                .properties(Map.of("micronaut.server.port", -1,
                        "kafka.bootstrap.servers", "localhost:1",
                        "kafka.request.timeout.ms", 1000,
                        "kafka.default.api.timeout.ms", 1000,
                        "registry.url", "http://localhost:1"))
                .run(EmbeddedServer.class);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void givenAMissingField_whenPosted_then400NamingTheField() throws Exception {
        HttpResponse<String> response = post("{\"target\":\"axon\",\"subject\":\"a\",\"tenant\":\"acme\"}");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("\"field\":\"intent\"").contains("missing required field 'intent'");
    }

    @Test
    void givenMalformedJson_whenPosted_then400() throws Exception {
        HttpResponse<String> response = post("{not json");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("malformed JSON");
    }

    @Test
    void givenAnUnknownId_whenAsked_then404() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri("/dispatch/no-such-id")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body()).contains("no dispatch no-such-id");
    }

    @Test
    void givenABadWait_whenAsked_then400NamingWait() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri("/dispatch/x?wait=soon")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("\"field\":\"wait\"");
    }

    @Test
    void givenNoKafka_whenProbed_thenNotReadyButAlive() throws Exception {
        assertThat(http.send(HttpRequest.newBuilder(uri("/health/live")).build(), HttpResponse.BodyHandlers.ofString())
                .statusCode()).isEqualTo(200);
        assertThat(http.send(HttpRequest.newBuilder(uri("/health/ready")).build(), HttpResponse.BodyHandlers.ofString())
                .statusCode()).isEqualTo(503);
    }

    private HttpResponse<String> post(String body) throws Exception {
        return http.send(HttpRequest.newBuilder(uri("/dispatch")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static URI uri(String path) {
        return URI.create("http://localhost:" + server.getPort() + path);
    }
}
