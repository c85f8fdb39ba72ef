package io.govstream.orbit.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.govstream.orbit.auth.AuthRefusals;
import io.govstream.orbit.auth.LocalTokenKey;
import io.govstream.secrets.SecretFiles;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** Orbit's HTTP contract for requests that never reach Kafka: bad input and unknown ids. */
class OrbitApiTest {
    private static EmbeddedServer server;
    private static LocalTokenKey tokens;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start(@TempDir Path dir) throws Exception {
        Path key = dir.resolve("jwt-signing.password");
        SecretFiles.write(key, "0123456789abcdef0123456789abcdef-test-key");
        tokens = LocalTokenKey.fromFile(key);
        server = ApplicationContext.builder()
                .environments("govstream", "orbit")
                .deduceEnvironment(false)
                .properties(Map.of("micronaut.server.port", -1,
                        "kafka.bootstrap.servers", "localhost:1",
                        "kafka.request.timeout.ms", 1000,
                        "kafka.default.api.timeout.ms", 1000,
                        "registry.url", "http://localhost:1",
                        "orbit.auth.jwt-secret-file", key.toString()))
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
    void givenADeploymentEvent_whenPostedWithoutTokenWrongRoleOrSomeoneElsesName_then401_403_400() throws Exception {
        String approval = "{\"type\":\"ApprovalGranted\",\"tenant\":\"acme\",\"version\":\"1\",\"toEnvironment\":\"production\","
                + "\"role\":\"devops\"%s}";
        HttpResponse<String> anonymous = postDeployment(null, approval.formatted(""));
        HttpResponse<String> dispatcher = postDeployment(token("dispatcher"), approval.formatted(""));
        HttpResponse<String> impersonating = postDeployment(token("devops"), approval.formatted(",\"approver\":\"mallory\""));

        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(dispatcher.statusCode()).isEqualTo(403);
        assertThat(impersonating.statusCode()).isEqualTo(400);
        assertThat(impersonating.body()).contains("\"field\":\"approver\"", "comes from the bearer token");
    }

    @Test
    void givenAPersonsToken_whenReportingAMachineEvent_then403NamingTheRole_andAnotherTenantsEventIsRefused() throws Exception {
        String check = "{\"type\":\"CheckReported\",\"tenant\":\"acme\",\"version\":\"1\",\"environment\":\"dev\","
                + "\"kind\":\"smoke\",\"passed\":true,\"evidence\":\"-\"}";
        String completion = "{\"type\":\"DeploymentCompleted\",\"tenant\":\"acme\",\"version\":\"1\",\"environment\":\"production\"}";
        String globexCi = tokens.mint("ci-bot", List.of("ci"), List.of("globex"), Duration.ofHours(1), Instant.now());

        HttpResponse<String> devopsCheck = postDeployment(token("devops"), check);
        HttpResponse<String> devopsCompletion = postDeployment(token("devops"), completion);
        HttpResponse<String> adminCompletion = postDeployment(token("admin"), completion);
        HttpResponse<String> otherTenant = postDeployment(globexCi, check);

        assertThat(devopsCheck.statusCode()).isEqualTo(403);
        assertThat(devopsCheck.body()).contains("a CheckReported needs one of the roles [ci]");
        assertThat(devopsCompletion.statusCode()).isEqualTo(403);
        assertThat(devopsCompletion.body()).contains("a DeploymentCompleted needs one of the roles [deployer]");
        assertThat(adminCompletion.statusCode()).as("the admin role operates the platform; it reports nothing").isEqualTo(403);
        assertThat(otherTenant.statusCode()).isEqualTo(403);
        assertThat(otherTenant.body()).contains("the token is not for tenant 'acme'");
    }

    private HttpResponse<String> postDeployment(String token, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri("/deployments/checkout/events"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void givenAnUnknownId_whenAsked_then404() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri("/dispatch/no-such-id"))
                        .header("Authorization", "Bearer " + token("auditor")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body()).contains("no dispatch no-such-id");
    }

    @Test
    void givenWaitsForIdsThatNeverEnd_whenTheWaitsRunOut_thenEachIs404_andNothingIsLeftWaiting() throws Exception {
        io.micrometer.core.instrument.MeterRegistry meters = server.getApplicationContext().getBean(io.micrometer.core.instrument.MeterRegistry.class);
        for (int n = 0; n < 200; n++) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri("/dispatch/never-" + n + "?wait=20ms"))
                            .header("Authorization", "Bearer " + token("auditor")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(404);
        }
        // every wait was answered: none may stay behind (a client asking for ids that never end would fill the memory)
        assertThat(meters.get("orbit.dispatch.waiting").gauge().value()).isZero();
        // and none is still counted once its answer is ready: a loaded run read the gauge at 1 after the last 404
        DispatchTracker tracker = server.getApplicationContext().getBean(DispatchTracker.class);
        assertThat(tracker.await("never-again", Duration.ofMillis(20))
                .thenApply(answer -> meters.get("orbit.dispatch.waiting").gauge().value()).get(10, TimeUnit.SECONDS)).isZero();
    }

    @Test
    void givenABadWait_whenAsked_then400NamingWait() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri("/dispatch/x?wait=soon"))
                        .header("Authorization", "Bearer " + token("dispatcher")).build(),
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

    @Test
    void givenNoToken_whenPosted_then401AndTheBodyIsNotRead() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri("/dispatch")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{not json")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).contains("no bearer token");
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"orbit\"");
    }

    @Test
    void givenATokenFromAnotherKey_whenPosted_then401() throws Exception {
        String forged = new LocalTokenKey("another-key-another-key-another-key")
                .mint("alice", List.of("admin"), Duration.ofHours(1), Instant.now());
        HttpResponse<String> response = post("{\"target\":\"axon\",\"intent\":\"reason\",\"tenant\":\"acme\"}", forged);
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).contains("does not verify").doesNotContain(forged);
    }

    @Test
    void givenAnExpiredToken_whenAsked_then401() throws Exception {
        String expired = tokens.mint("alice", List.of("auditor"), Duration.ofMinutes(1), Instant.now().minus(Duration.ofHours(1)));
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri("/dispatch/some-id"))
                .header("Authorization", "Bearer " + expired).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).contains("expired");
    }

    @Test
    void givenAnAuditor_whenPosting_then403() throws Exception {
        HttpResponse<String> response = post("{\"target\":\"axon\",\"intent\":\"reason\",\"tenant\":\"acme\"}", token("auditor"));
        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.body()).contains("admin", "dispatcher");
    }

    @Test
    void givenADispatcher_whenTheBodyNamesAnotherSubject_then403() throws Exception {
        HttpResponse<String> response = post("{\"target\":\"axon\",\"intent\":\"reason\",\"subject\":\"mallory\",\"tenant\":\"acme\"}",
                token("dispatcher"));
        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.body()).contains("token's subject");
    }

    @Test
    void givenADispatcherOfGlobex_whenDispatchingForAcme_then403NamingTheTenant() throws Exception {
        String globex = tokens.mint("a", List.of("dispatcher"), List.of("globex"), Duration.ofHours(1), Instant.now());
        HttpResponse<String> response = post("{\"target\":\"axon\",\"intent\":\"reason\",\"tenant\":\"acme\"}", globex);
        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.body()).contains("\"field\":\"tenant\"").contains("the token is not for tenant 'acme'");
    }

    @Test
    void givenATokenNamingNoTenant_whenDispatching_then403() throws Exception {
        com.nimbusds.jwt.JWTClaimsSet claims = new com.nimbusds.jwt.JWTClaimsSet.Builder().issuer(LocalTokenKey.ISSUER).subject("a")
                .claim("roles", List.of("dispatcher")).issueTime(java.util.Date.from(Instant.now()))
                .expirationTime(java.util.Date.from(Instant.now().plusSeconds(3600))).build();
        String untenanted = tokens.signature().sign(claims).serialize();
        HttpResponse<String> response = post("{\"target\":\"axon\",\"intent\":\"reason\",\"tenant\":\"acme\"}", untenanted);
        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.body()).contains("the token is not for tenant 'acme' (its tenants: [])");
    }

    @Test
    void givenNoToken_whenProbedOrScraped_thenOpen() throws Exception {
        assertThat(http.send(HttpRequest.newBuilder(uri("/health/live")).build(), HttpResponse.BodyHandlers.ofString())
                .statusCode()).isEqualTo(200);
        assertThat(http.send(HttpRequest.newBuilder(uri("/prometheus")).build(), HttpResponse.BodyHandlers.ofString())
                .statusCode()).isEqualTo(200);
    }

    @Test
    void givenAnUnsignedAlgNoneToken_whenPosted_then401() throws Exception {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String none = b64.encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(("{\"sub\":\"alice\",\"roles\":[\"admin\"],\"exp\":"
                + Instant.now().plusSeconds(3600).getEpochSecond() + "}").getBytes(StandardCharsets.UTF_8)) + ".";
        HttpResponse<String> response = post("{\"target\":\"axon\",\"intent\":\"reason\",\"tenant\":\"acme\"}", none);
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).contains("unsupported token algorithm 'none'");
    }

    @Test
    void givenRefusedCalls_whenLogged_thenTheReasonAndRolesAreThere_butNeverTheTokenNorTheCallersName() throws Exception {
        Logger logger = (Logger) LoggerFactory.getLogger(AuthRefusals.class);
        ListAppender<ILoggingEvent> captured = new ListAppender<>();
        captured.start();
        logger.addAppender(captured);
        try {
            String expired = tokens.mint("alice", List.of("dispatcher"), Duration.ofMinutes(1), Instant.now().minus(Duration.ofHours(1)));
            String auditor = tokens.mint("carol", List.of("auditor"), Duration.ofHours(1), Instant.now());
            assertThat(post("{}", expired).statusCode()).isEqualTo(401);
            assertThat(post("{}", auditor).statusCode()).isEqualTo(403);

            List<String> lines = captured.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
            assertThat(lines).anySatisfy(line -> assertThat(line).contains("Refused POST /dispatch: 401, token expired at"));
            assertThat(lines).anySatisfy(line -> assertThat(line).contains("Refused POST /dispatch for a caller with roles [auditor]",
                    "403", "needs one of [admin, dispatcher]"));
            // Log lines hold no personal data: the caller is a person.
            assertThat(lines).noneSatisfy(line -> assertThat(line).contains("carol"));
            assertThat(lines).noneSatisfy(line -> assertThat(line).containsAnyOf(expired, auditor,
                    expired.substring(expired.lastIndexOf('.') + 1), auditor.substring(auditor.lastIndexOf('.') + 1)));
        } finally {
            logger.detachAppender(captured);
        }
    }

    private static String token(String role) {
        return tokens.mint("a", List.of(role), Duration.ofHours(1), Instant.now());
    }

    private HttpResponse<String> post(String body) throws Exception {
        return post(body, token("dispatcher"));
    }

    private HttpResponse<String> post(String body, String token) throws Exception {
        return http.send(HttpRequest.newBuilder(uri("/dispatch")).header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static URI uri(String path) {
        return URI.create("http://localhost:" + server.getPort() + path);
    }
}
