package io.govstream.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.govstream.cli.dispatch.OrbitClient;
import io.govstream.cli.client.ClientFiles;
import io.govstream.cli.platform.EmbeddedPlatform;
import io.govstream.cli.platform.LocalPrometheus;
import io.govstream.cli.platform.LocalTrust;
import io.govstream.cli.client.RegistryClients;
import io.govstream.ledger.VerificationReport;
import io.govstream.schemas.registry.RegisteredSchema;
import io.govstream.schemas.registry.RestSchemaRegistryClient;
import io.govstream.schemas.registry.SchemaRegistryException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLHandshakeException;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * `govctl up --tls`: every service talks to Kafka over SASL_SSL, and so do external clients; every
 * HTTP port (the registry, governance-streams, Axon, Orbit, and a --with-prometheus Prometheus)
 * serves HTTPS only, with a certificate of the local CA that every client of the platform trusts.
 */
@Timeout(400)
@PrivatePlatform("runs the platform with TLS on every listener")
class TlsPlatformIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> HTTP_SERVICES = List.of("schema registry", "governance-streams", "axon", "orbit");

    @TempDir
    static Path dataDir;
    static EmbeddedPlatform platform;

    @BeforeAll
    static void startOnTls() {
        platform = EmbeddedPlatform.start(TestPorts.platform(dataDir, true, null), step -> { });
    }

    @AfterAll
    static void stop() {
        if (platform != null) {
            platform.close();
        }
    }

    @Test
    void givenThePlatformOnTls_whenDispatching_thenTheGovernedPathWorks_andTheLedgerVerifies() throws Exception {
        assertThat(platform.settings().orbitUrl()).startsWith("https://");
        OrbitClient orbit = new OrbitClient(platform.settings().orbitUrl(), platform.dispatcherTokens(),
                platform.settings().caCert());
        String id = orbit.dispatch(new OrbitClient.Dispatch("axon", "reason", "alice", "acme", "{}"));
        JsonNode view = orbit.await(id, Duration.ofSeconds(60));
        assertThat(view.path("status").asText()).isEqualTo("COMPLETED");

        VerificationReport report = LivePlatform.verify(platform);
        assertThat(report.isClean()).as(report.toString()).isTrue();
        assertThat(report.entriesChecked()).isGreaterThanOrEqualTo(1);
        assertThat(platform.endpoints().get("kafka")).contains("SASL_SSL");
    }

    @Test
    void givenThePlatformOnTls_whenEveryHttpPortIsCalled_thenOnlyHttpsAnswers_withACertificateOfTheLocalCa() throws Exception {
        X509Certificate ca = caCertificate();
        HttpClient trusting = LocalTrust.httpClient(platform.settings().caCert());
        HttpClient plain = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        assertThat(platform.endpoints()).containsKeys(HTTP_SERVICES.toArray(String[]::new));
        for (String service : HTTP_SERVICES) {
            URI base = URI.create(platform.endpoints().get(service));
            assertThat(base.getScheme()).as(service).isEqualTo("https");

            HttpResponse<String> ready = trusting.send(get(base.resolve("/health/ready")), HttpResponse.BodyHandlers.ofString());
            assertThat(ready.statusCode()).as(service + " /health/ready over HTTPS").isEqualTo(200);
            Certificate[] chain = ready.sslSession().orElseThrow().getPeerCertificates();
            X509Certificate leaf = (X509Certificate) chain[0];
            assertThat(leaf.getIssuerX500Principal()).as(service).isEqualTo(ca.getSubjectX500Principal());
            leaf.verify(ca.getPublicKey()); // throws unless the local CA signed it
            assertThat(trusting.send(get(base.resolve("/prometheus")), HttpResponse.BodyHandlers.ofString()).statusCode())
                    .as(service + " /prometheus over HTTPS").isEqualTo(200);

            // Plain HTTP on the port gets no answer; HTTPS without the local CA fails the handshake.
            URI http = URI.create("http://" + base.getHost() + ":" + base.getPort() + "/health/live");
            assertThatThrownBy(() -> plain.send(get(http), HttpResponse.BodyHandlers.ofString()))
                    .as(service + " over plain HTTP").isInstanceOf(IOException.class);
            assertThatThrownBy(() -> plain.send(get(base.resolve("/health/live")), HttpResponse.BodyHandlers.ofString()))
                    .as(service + " without the local CA").isInstanceOf(SSLHandshakeException.class);
        }
        assertThat(platform.metricsEndpoints().values()).allSatisfy(url -> assertThat(url).startsWith("https://"));
    }

    @Test
    void givenTheClientFiles_whenWritingToTheRegistry_thenHttpsWithCredentials_andOnlyAWriterIsAdmitted() {
        String ca = platform.settings().caCert().toString();
        Map<String, Object> admin = ClientFiles.read(dataDir.resolve(ClientFiles.ADMIN));
        Map<String, Object> producer = ClientFiles.read(dataDir.resolve(ClientFiles.CLIENT));
        for (Map<String, Object> client : List.of(admin, producer)) {
            assertThat(client).containsEntry("security.protocol", "SASL_SSL")
                    .containsEntry("ssl.truststore.type", "PEM").containsEntry("ssl.truststore.location", ca)
                    .containsEntry("schema.registry.url", platform.settings().registryUrl())
                    .containsEntry("schema.registry.ssl.truststore.type", "PEM")
                    .containsEntry("schema.registry.ssl.truststore.location", ca);
            assertThat(String.valueOf(client.get("schema.registry.url"))).startsWith("https://");
        }
        assertThat(String.valueOf(admin.get("orbit.url"))).startsWith("https://");

        Schema schema = SchemaBuilder.record("TlsProbe").namespace("io.govstream.test").fields().requiredString("a").endRecord();
        RestSchemaRegistryClient asAdmin = RegistryClients.of(admin, null);
        assertThat(asAdmin.authenticates()).isTrue();
        int id = asAdmin.register("tls-probe-value", schema);

        RestSchemaRegistryClient asProducer = RegistryClients.of(producer, null);
        RegisteredSchema latest = asProducer.latest("tls-probe-value");
        assertThat(latest.id()).isEqualTo(id);
        Schema next = SchemaBuilder.record("TlsProbe").namespace("io.govstream.test").fields().requiredString("a")
                .optionalString("b").endRecord();
        Map<String, Object> producerWriting = new LinkedHashMap<>(producer);
        producerWriting.put("basic.auth.credentials.source", "SASL_INHERIT");
        assertThatThrownBy(() -> RegistryClients.of(producerWriting, null).register("tls-probe-value", next))
                .as("the producer's login reaches the registry over HTTPS and is no writer's")
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> assertThat(e.status()).isEqualTo(401));
    }

    @Test
    void givenPrometheusOnTls_whenItScrapesThePlatform_thenEveryTargetIsUpOverHttps_andItServesHttpsOnly() throws Exception {
        Assumptions.assumeTrue(LocalPrometheus.binary().isPresent(), "no prometheus binary on the PATH");
        int port = TestPorts.next();
        HttpClient trusting = LocalTrust.httpClient(platform.settings().caCert());
        try (LocalPrometheus prometheus = LocalPrometheus.start(Files.createDirectories(dataDir.resolve("prometheus")),
                platform.metricsEndpoints(), "127.0.0.1", port, 1, platform.settings().caCert(), platform.settings().serverPem())) {
            assertThat(prometheus.url()).isEqualTo("https://127.0.0.1:" + port);
            URI targets = URI.create(prometheus.url() + "/api/v1/targets");
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
                assertThat(prometheus.isAlive()).as(Files.readString(prometheus.log())).isTrue();
                JsonNode active = JSON.readTree(trusting.send(get(targets), HttpResponse.BodyHandlers.ofString()).body())
                        .path("data").path("activeTargets");
                List<String> up = new ArrayList<>();
                for (JsonNode target : active) {
                    assertThat(target.path("scrapeUrl").asText()).startsWith("https://");
                    if (target.path("health").asText().equals("up")) {
                        up.add(target.path("labels").path("job").asText());
                    }
                }
                assertThat(up).as(active.toString()).containsExactlyInAnyOrderElementsOf(platform.metricsEndpoints().keySet());
            });
            HttpResponse<String> plain = HttpClient.newHttpClient().send(get(URI.create("http://127.0.0.1:" + port + "/api/v1/targets")),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(plain.statusCode()).as("plain HTTP to Prometheus").isEqualTo(400);
            assertThat(plain.body()).doesNotContain("activeTargets");
        }
    }

    private static HttpRequest get(URI uri) {
        return HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build();
    }

    private static X509Certificate caCertificate() throws Exception {
        try (InputStream in = Files.newInputStream(platform.settings().caCert())) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }
}
