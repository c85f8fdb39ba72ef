package io.govstream.cli.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.govstream.cli.OnSharedPlatform;
import io.govstream.cli.client.ClientFiles;
import io.govstream.cli.platform.EmbeddedPlatform;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The doors of a running platform ({@code govctl up} defaults) tried by someone holding nothing,
 * or only the external {@code producer} credentials of client.properties: registry writes are
 * refused (the platform's own registrations, by the services and govctl, went through),
 * management endpoints other than health and metrics answer nobody, and no HTTP port answers on
 * another interface of the machine than loopback.
 */
@Timeout(300)
@OnSharedPlatform
class ClosedDoorsIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String INCOMPATIBLE = "{\"type\":\"record\",\"name\":\"DispatchRequested\",\"namespace\":\"io.govstream.events\","
            + "\"fields\":[{\"name\":\"evil\",\"type\":\"string\"}]}";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void givenAnonymousOrProducerCaller_whenRegistryWritesTried_then401AndSubjectsAndCompatibilityUnchanged(EmbeddedPlatform platform)
            throws Exception {
        String registry = platform.settings().registryUrl();
        JsonNode ledgerBefore = json(send(registry, "GET", "/subjects/governance.ledger-value/versions", null, null));
        String producer = producerCredentials(platform);

        for (String credentials : new String[] {null, producer}) {
            assertRefused(send(registry, "PUT", "/config", "{\"compatibility\":\"NONE\"}", credentials));
            assertRefused(send(registry, "PUT", "/config/governance.dispatch.requests-value", "{\"compatibility\":\"NONE\"}", credentials));
            assertRefused(send(registry, "POST", "/subjects/governance.dispatch.requests-value/versions",
                    JSON.createObjectNode().put("schema", INCOMPATIBLE).toString(), credentials));
            assertRefused(send(registry, "DELETE", "/subjects/governance.ledger-value", null, credentials));
            assertRefused(send(registry, "DELETE", "/subjects/governance.ledger-value?permanent=true", null, credentials));
            assertRefused(send(registry, "DELETE", "/subjects/governance.ledger-value/versions/1", null, credentials));
        }

        assertThat(json(send(registry, "GET", "/config", null, null))).hasToString("{\"compatibilityLevel\":\"BACKWARD\"}");
        assertThat(send(registry, "GET", "/config/governance.dispatch.requests-value", null, null).statusCode()).isEqualTo(404);
        assertThat(json(send(registry, "GET", "/subjects/governance.ledger-value/versions", null, null))).isEqualTo(ledgerBefore);
        assertThat(json(send(registry, "GET", "/subjects/governance.dispatch.requests-value/versions/latest", null, null))
                .path("schema").asText()).doesNotContain("evil");
        // What the platform registered itself (govctl up as admin, the services as their principals) is there.
        assertThat(json(send(registry, "GET", "/subjects", null, null)).toString())
                .contains("governance.ledger-value", "governance.decisions-value", "governance.policies-value");
    }

    @Test
    void givenAnonymousCaller_whenManagementEndpointsTriedOnEveryService_thenRefusedButHealthAndPrometheusAnswer(EmbeddedPlatform platform)
            throws Exception {
        for (Map.Entry<String, String> service : serviceUrls(platform).entrySet()) {
            String base = service.getValue();
            // The attack sets io.micronaut.security to TRACE JVM-wide; a logger of its own shows the same without harming
            // the shared platform's other tests if the door were open.
            HttpResponse<String> loggers = send(base, "POST", "/loggers/" + PROBE_LOGGER, "{\"configuredLevel\":\"TRACE\"}", null);
            assertThat(loggers.statusCode()).as(service.getKey() + " POST /loggers").isIn(401, 403, 404);
            for (String path : MANAGEMENT_READS) {
                assertThat(send(base, "GET", path, null, null).statusCode()).as(service.getKey() + " GET " + path).isIn(401, 403, 404);
            }
            for (String path : MANAGEMENT_WRITES) {
                assertThat(send(base, "POST", path, "{}", null).statusCode()).as(service.getKey() + " POST " + path).isIn(401, 403, 404);
            }
            for (String path : new String[] {"/health", "/health/ready", "/health/live", "/health/liveness", "/health/readiness", "/prometheus"}) {
                assertThat(send(base, "GET", path, null, null).statusCode()).as(service.getKey() + " GET " + path).isEqualTo(200);
            }
        }
        assertThat(org.slf4j.LoggerFactory.getLogger(PROBE_LOGGER).isTraceEnabled()).isFalse();
    }

    @Test
    void givenUpDefaults_whenAnHttpPortIsReachedOnAnotherInterfaceOfTheMachine_thenRefusedWhileLoopbackAnswers(EmbeddedPlatform platform)
            throws Exception {
        InetAddress outside = NetworkInterface.networkInterfaces()
                .filter(nic -> isUp(nic) && !isLoopback(nic))
                .flatMap(NetworkInterface::inetAddresses)
                .filter(a -> !a.isLoopbackAddress() && !a.isLinkLocalAddress())
                .findFirst().orElse(null);
        Assumptions.assumeTrue(outside != null, "this machine has no network interface but loopback: nothing to reach the ports from");

        for (Map.Entry<String, String> service : serviceUrls(platform).entrySet()) {
            int port = URI.create(service.getValue()).getPort();
            try (Socket local = new Socket()) {
                local.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5_000);
            }
            assertThatThrownBy(() -> {
                try (Socket remote = new Socket()) {
                    remote.connect(new InetSocketAddress(outside, port), 5_000);
                }
            }).as(service.getKey() + " on " + outside.getHostAddress() + ":" + port).isInstanceOf(ConnectException.class);
        }
    }

    private static boolean isUp(NetworkInterface nic) {
        try {
            return nic.isUp();
        } catch (SocketException e) {
            return false;
        }
    }

    private static boolean isLoopback(NetworkInterface nic) {
        try {
            return nic.isLoopback();
        } catch (SocketException e) {
            return true;
        }
    }

    private static final String PROBE_LOGGER = "io.govstream.closed-doors-probe";
    private static final String[] MANAGEMENT_READS = {"/loggers", "/loggers/io.micronaut.security", "/threaddump", "/beans", "/routes",
            "/env", "/info", "/caches", "/refresh"};
    private static final String[] MANAGEMENT_WRITES = {"/refresh", "/stop", "/caches"};

    /** Every HTTP port govctl up opens: name → base URL. */
    private static Map<String, String> serviceUrls(EmbeddedPlatform platform) {
        Map<String, String> urls = new java.util.LinkedHashMap<>();
        platform.endpoints().forEach((name, url) -> {
            if (url.startsWith("http")) {
                urls.put(name, url);
            }
        });
        assertThat(urls).containsOnlyKeys("schema registry", "governance-streams", "axon", "orbit");
        return urls;
    }

    private static void assertRefused(HttpResponse<String> response) throws IOException {
        assertThat(response.statusCode()).as(response.request().method() + " " + response.uri()).isEqualTo(401);
        assertThat(JSON.readTree(response.body()).path("error_code").asInt()).isEqualTo(40101);
    }

    /** user:password of the producer principal, as an external client finds it in client.properties. */
    private static String producerCredentials(EmbeddedPlatform platform) {
        Map<String, Object> client = ClientFiles.read(platform.clientPropertiesFile());
        Matcher login = Pattern.compile("username=\"([^\"]+)\"\\s+password=\"([^\"]+)\"").matcher(String.valueOf(client.get("sasl.jaas.config")));
        assertThat(login.find()).isTrue();
        return login.group(1) + ":" + login.group(2);
    }

    private HttpResponse<String> send(String base, String method, String path, String body, String userInfo) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/vnd.schemaregistry.v1+json");
        }
        if (userInfo != null) {
            request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(userInfo.getBytes(StandardCharsets.UTF_8)));
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> response) throws IOException {
        assertThat(response.statusCode()).as(response.uri() + ": " + response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }
}
