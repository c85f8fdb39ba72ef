package io.govstream.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The client against a canned HTTP registry: what goes on the wire and how answers map to
 * results and errors. Its round trip with the real local registry is in the registry module.
 */
class RestSchemaRegistryClientTest {
    private static final Schema THING = SchemaBuilder.record("Thing").namespace("t").fields().requiredString("a").endRecord();

    record Seen(String method, String rawPath, String contentType, String accept, String authorization, String body) {
    }

    record Answer(int status, String body) {
    }

    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    /** The query string of each request, in the order seen (null: none). */
    private final List<String> queries = new CopyOnWriteArrayList<>();
    private final Map<String, Answer> answers = new ConcurrentHashMap<>();
    private HttpServer server;
    private String url;

    @BeforeEach
    void startCannedRegistry() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            String key = exchange.getRequestMethod() + " " + exchange.getRequestURI().getRawPath();
            queries.add(String.valueOf(exchange.getRequestURI().getRawQuery()));
            seen.add(new Seen(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                    exchange.getRequestHeaders().getFirst("Content-Type"), exchange.getRequestHeaders().getFirst("Accept"),
                    exchange.getRequestHeaders().getFirst("Authorization"),
                    new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
            Answer answer = answers.getOrDefault(key, new Answer(404, "{\"error_code\":404,\"message\":\"HTTP 404 Not Found\"}"));
            byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", RestSchemaRegistryClient.CONTENT_TYPE);
            exchange.sendResponseHeaders(answer.status(), body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        url = "http://localhost:" + server.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void givenSubjectWithSpace_whenRegistered_thenPostsEncodedPathWithConfluentMediaTypeAndCachesTheId() {
        answers.put("POST /subjects/my%20topic-value/versions", new Answer(200, "{\"id\":7}"));
        RestSchemaRegistryClient client = RestSchemaRegistryClient.fromConfig(Map.of("schema.registry.url", url));

        int first = client.register("my topic-value", THING);
        int second = client.register("my topic-value", THING);

        assertThat(first).isEqualTo(7);
        assertThat(second).isEqualTo(7);
        assertThat(seen).hasSize(1);
        Seen request = seen.get(0);
        assertThat(request.contentType()).isEqualTo("application/vnd.schemaregistry.v1+json");
        assertThat(request.accept()).startsWith("application/vnd.schemaregistry.v1+json");
        assertThat(request.body()).isEqualTo("{\"schema\":" + quoted(THING.toString()) + "}");
        assertThat(request.authorization()).isNull();
        // the id is now known, so no request is needed to read data written with it
        assertThat(client.schemaById(7)).isEqualTo(THING);
        assertThat(seen).hasSize(1);
    }

    @Test
    void givenConfluentErrorJson_whenRegistering_thenExceptionCarriesStatusCodeAndMessage() {
        answers.put("POST /subjects/things-value/versions", new Answer(409,
                "{\"error_code\":409,\"message\":\"Schema being registered is incompatible with an earlier schema\"}"));
        RestSchemaRegistryClient client = RestSchemaRegistryClient.fromConfig(Map.of("schema.registry.url", url));

        assertThatThrownBy(() -> client.register("things-value", THING))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
                    assertThat(e.status()).isEqualTo(409);
                    assertThat(e).hasMessageContaining("error code 409)");
                })
                .hasMessageContaining("incompatible with an earlier schema");
    }

    @Test
    void givenUnknownSubject_whenLatestAsked_then40401() {
        answers.put("GET /subjects/nope/versions/latest", new Answer(404,
                "{\"error_code\":40401,\"message\":\"Subject 'nope' not found.\"}"));
        RestSchemaRegistryClient client = RestSchemaRegistryClient.fromConfig(Map.of("schema.registry.url", url));

        assertThatThrownBy(() -> client.latest("nope"))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> assertThat(e).hasMessageContaining("error code 40401)"))
                .hasMessageContaining("Subject 'nope' not found.");
    }

    @Test
    void givenNonJsonError_whenCalled_thenStatusIsTheErrorCodeAndTheBodyIsShown() {
        answers.put("GET /schemas/ids/3", new Answer(502, "<html>Bad Gateway</html>"));
        RestSchemaRegistryClient client = RestSchemaRegistryClient.fromConfig(Map.of("schema.registry.url", url));

        assertThatThrownBy(() -> client.schemaById(3))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
                    assertThat(e.status()).isEqualTo(502);
                    assertThat(e).hasMessageContaining("error code 502)");
                })
                .hasMessageContaining("Bad Gateway");
    }

    @Test
    void givenARegistryAnsweringWithSchemasAvroCannotParse_whenAsked_then42201NamingTheId() {
        // Each fails differently inside Avro: not JSON, a field of an undefined type, a bare undefined name.
        List<String> unparseable = List.of("{\"type\": \"record\", ", "{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"name\":\"x\",\"type\":\"Missing\"}]}",
                "\"Missing\"");
        RestSchemaRegistryClient client = RestSchemaRegistryClient.fromConfig(Map.of("schema.registry.url", url));
        for (int id = 0; id < unparseable.size(); id++) {
            answers.put("GET /schemas/ids/" + id, new Answer(200, "{\"schema\":" + quoted(unparseable.get(id)) + "}"));
            int asked = id;

            assertThatThrownBy(() -> client.schemaById(asked)).as(unparseable.get(id))
                    .isInstanceOfSatisfying(SchemaRegistryException.class, e -> assertThat(e.status()).isEqualTo(422))
                    .hasMessageContaining("Registry returned an unparseable Avro schema for schema id " + id);
        }
    }

    @Test
    void givenLatestAndLookupAndCompatibility_whenAsked_thenParsedFromTheAnswers() {
        String schemaJson = quoted(THING.toString());
        answers.put("GET /subjects/things-value/versions/latest",
                new Answer(200, "{\"subject\":\"things-value\",\"version\":3,\"id\":5,\"schema\":" + schemaJson + "}"));
        answers.put("POST /subjects/things-value",
                new Answer(200, "{\"subject\":\"things-value\",\"version\":3,\"id\":5,\"schema\":" + schemaJson + "}"));
        answers.put("POST /compatibility/subjects/things-value/versions", new Answer(200, "{\"is_compatible\":false}"));
        RestSchemaRegistryClient client = RestSchemaRegistryClient.fromConfig(Map.of("schema.registry.url", url));

        assertThat(client.latest("things-value")).isEqualTo(new RegisteredSchema("things-value", 5, 3, THING));
        assertThat(client.idOf("things-value", THING)).isEqualTo(5);
        assertThat(client.isCompatible("things-value", THING)).isFalse();
    }

    @Test
    void givenUserInfo_whenCalled_thenSendsBasicAuthorization() {
        answers.put("GET /schemas/ids/1", new Answer(200, "{\"schema\":\"\\\"string\\\"\"}"));
        RestSchemaRegistryClient client = RestSchemaRegistryClient.fromConfig(Map.of("schema.registry.url", url,
                "basic.auth.credentials.source", "USER_INFO", "basic.auth.user.info", "registry:s3cret"));

        assertThat(client.schemaById(1)).isEqualTo(Schema.create(Schema.Type.STRING));
        assertThat(seen.get(0).authorization()).isEqualTo("Basic cmVnaXN0cnk6czNjcmV0");
    }

    @Test
    void givenConfluentUserInfoConfig_whenRegistering_thenSendsBasicAuthorization() {
        answers.put("POST /subjects/things-value/versions", new Answer(200, "{\"id\":3}"));
        RestSchemaRegistryClient client = RestSchemaRegistryClient.fromConfig(Map.of("schema.registry.url", url,
                "basic.auth.credentials.source", "USER_INFO", "basic.auth.user.info", "orbit:s3cret"));

        assertThat(client.register("things-value", THING)).isEqualTo(3);
        assertThat(seen.get(0).authorization()).isEqualTo("Basic b3JiaXQ6czNjcmV0");
    }

    @Test
    void givenSaslInheritConfig_whenRegistering_thenSendsTheScramLoginAsBasicAuthorization() {
        answers.put("POST /subjects/things-value/versions", new Answer(200, "{\"id\":3}"));
        RestSchemaRegistryClient client = RestSchemaRegistryClient.fromConfig(Map.of("schema.registry.url", url,
                "basic.auth.credentials.source", "SASL_INHERIT",
                "sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required "
                        + "username=\"orbit\" password=\"s3cret\";"));

        client.register("things-value", THING);

        assertThat(seen.get(0).authorization()).isEqualTo("Basic b3JiaXQ6czNjcmV0");
    }

    @Test
    void givenUrlWithUserInfo_whenDefaultSource_thenSendsItAsBasicAuthorizationAndNotInTheUrl() {
        answers.put("GET /schemas/ids/1", new Answer(200, "{\"schema\":\"\\\"string\\\"\"}"));
        RestSchemaRegistryClient client = RestSchemaRegistryClient.fromConfig(
                Map.of("schema.registry.url", url.replace("http://", "http://orbit:s3cret@")));

        client.schemaById(1);

        assertThat(seen.get(0).authorization()).isEqualTo("Basic b3JiaXQ6czNjcmV0");
        assertThat(client.baseUrls()).containsExactly(URI.create(url));
    }

    @Test
    void givenNoCredentialsConfigured_whenCalled_thenNoAuthorizationHeader() {
        answers.put("GET /schemas/ids/1", new Answer(200, "{\"schema\":\"\\\"string\\\"\"}"));
        RestSchemaRegistryClient client = RestSchemaRegistryClient.fromConfig(Map.of("schema.registry.url", url));

        client.schemaById(1);

        assertThat(seen.get(0).authorization()).isNull();
    }

    @Test
    void givenIncompleteCredentialConfig_whenBuilt_thenRefusedNamingTheSettingButNotTheSecret() {
        assertThatThrownBy(() -> RestSchemaRegistryClient.fromConfig(Map.of("schema.registry.url", url,
                "basic.auth.credentials.source", "USER_INFO")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("basic.auth.user.info");
        assertThatThrownBy(() -> RestSchemaRegistryClient.fromConfig(Map.of("schema.registry.url", url,
                "basic.auth.credentials.source", "USER_INFO", "basic.auth.user.info", "s3cret")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("user:password")
                .hasMessageNotContaining("s3cret");
        assertThatThrownBy(() -> RestSchemaRegistryClient.fromConfig(Map.of("schema.registry.url", url,
                "basic.auth.credentials.source", "SASL_INHERIT",
                "sasl.jaas.config", "com.example.TokenLoginModule required token=\"s3cret\";")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sasl.jaas.config")
                .hasMessageNotContaining("s3cret");
        assertThatThrownBy(() -> RestSchemaRegistryClient.fromConfig(Map.of("schema.registry.url", url,
                "basic.auth.credentials.source", "BEARER")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("USER_INFO, SASL_INHERIT or URL");
        assertThatThrownBy(() -> RestSchemaRegistryClient.fromConfig(Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("schema.registry.url");
    }

    @Test
    void givenFirstRegistryUnreachable_whenCalled_thenTheNextOneAnswers() throws IOException {
        answers.put("GET /schemas/ids/1", new Answer(200, "{\"schema\":\"\\\"string\\\"\"}"));
        String nobody = "http://localhost:" + freePort();
        RestSchemaRegistryClient client = new RestSchemaRegistryClient(
                List.of(URI.create(nobody), URI.create(url + "/")), Duration.ofSeconds(5), null, null);

        assertThat(client.schemaById(1)).isEqualTo(Schema.create(Schema.Type.STRING));
    }

    @Test
    void givenNoRegistryReachable_whenCalled_thenSaysWhichUrlsWereTried() throws IOException {
        String nobody = "http://localhost:" + freePort();
        RestSchemaRegistryClient client = RestSchemaRegistryClient.fromConfig(Map.of("schema.registry.url", nobody));

        assertThatThrownBy(() -> client.schemaById(1))
                .isInstanceOf(SchemaRegistryException.class)
                .hasMessageContaining("No schema registry reachable at [" + nobody + "]");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static String quoted(String json) {
        return "\"" + json.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    @Test
    void givenASubject_whenItsCompatibilityLevelIsAsked_thenTheLevelThatAppliesToItIsRead_orAnUnknownOneIsAnError() {
        answers.put("GET /config/orders-value", new Answer(200, "{\"compatibilityLevel\":\"FULL_TRANSITIVE\"}"));
        answers.put("GET /config/odd-value", new Answer(200, "{\"compatibilityLevel\":\"SOMETIMES\"}"));
        RestSchemaRegistryClient client = RestSchemaRegistryClient.fromConfig(Map.of("schema.registry.url", url));

        assertThat(client.compatibilityLevel("orders-value")).isEqualTo(CompatibilityLevel.FULL_TRANSITIVE);
        assertThat(seen.get(0).method()).isEqualTo("GET");
        assertThat(queries.get(0)).as("the subject's own level, else the global one").isEqualTo("defaultToGlobal=true");
        assertThatThrownBy(() -> client.compatibilityLevel("odd-value"))
                .isInstanceOf(SchemaRegistryException.class).hasMessageContaining("unknown level");
        assertThatThrownBy(() -> client.compatibilityLevel("missing-value"))
                .isInstanceOf(SchemaRegistryException.class).hasMessageContaining("404");
    }

    @Test
    void givenAStringDefaultOfEmptyBraces_whenRegistered_thenItsBraceIsEscaped_andTheSameSchemaArrives() throws Exception {
        Schema withBraces = new Schema.Parser().parse("{\"type\":\"record\",\"name\":\"Req\",\"namespace\":\"t\","
                + "\"doc\":\"payload \\\"{}\\\" when empty\",\"fields\":["
                + "{\"name\":\"payload\",\"type\":\"string\",\"default\":\"{}\"},"
                + "{\"name\":\"attributes\",\"type\":{\"type\":\"map\",\"values\":\"string\"},\"default\":{}}]}");
        answers.put("POST /subjects/req-value/versions", new Answer(200, "{\"id\":3}"));

        RestSchemaRegistryClient.fromConfig(Map.of("schema.registry.url", url)).register("req-value", withBraces);

        String sent = new com.fasterxml.jackson.databind.ObjectMapper().readTree(seen.get(0).body()).path("schema").asText();
        assertThat(sent).contains("\"default\":\"\\u007b}\"").doesNotContain(":\"{}\"")
                .as("a {} inside a longer string and an empty map default are left as they are")
                .contains("payload \\\"{}\\\" when empty").contains("\"default\":{}");
        assertThat(new Schema.Parser().parse(sent)).isEqualTo(withBraces);
        assertThat(new Schema.Parser().parse(sent).getField("payload").defaultVal()).isEqualTo("{}");
    }
}
