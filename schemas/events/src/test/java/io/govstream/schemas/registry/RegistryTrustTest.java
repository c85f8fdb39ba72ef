package io.govstream.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SSLHandshakeException;
import org.apache.avro.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The registry client over HTTPS, trusting what Confluent's truststore settings name: a registry
 * whose certificate chains to that CA answers, with the credentials on the encrypted request; a
 * registry of another CA, or the JVM's default CAs, fail the handshake.
 */
class RegistryTrustTest {
    @TempDir
    Path dir;

    private final TestCa ca = TestCa.create("registry test CA");
    private final List<String> authorizations = new CopyOnWriteArrayList<>();
    private HttpsServer server;
    private String url;

    @BeforeEach
    void startHttpsRegistry() throws Exception {
        server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(ca.serverContext()));
        server.createContext("/", exchange -> {
            authorizations.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
            byte[] body = (exchange.getRequestMethod().equals("POST") ? "{\"id\":5}" : "{\"schema\":\"\\\"string\\\"\"}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", RestSchemaRegistryClient.CONTENT_TYPE);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        url = "https://localhost:" + server.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void givenPemTruststoreOfTheRegistrysCa_whenRegisteringWithCredentials_thenAnsweredOverHttps() throws Exception {
        Path caFile = ca.writePem(dir.resolve("ca.crt"));
        RestSchemaRegistryClient client = RestSchemaRegistryClient.fromConfig(Map.of("schema.registry.url", url,
                "basic.auth.credentials.source", "USER_INFO", "basic.auth.user.info", "orbit:s3cret",
                "schema.registry.ssl.truststore.location", caFile.toString(),
                "schema.registry.ssl.truststore.type", "PEM"));

        assertThat(client.register("things-value", Schema.create(Schema.Type.STRING))).isEqualTo(5);
        assertThat(authorizations).containsExactly("Basic b3JiaXQ6czNjcmV0");
    }

    @Test
    void givenPkcs12TruststoreWithPassword_whenReading_thenAnsweredOverHttps() throws Exception {
        Path store = ca.writePkcs12(dir.resolve("trust.p12"), "changeit");
        RestSchemaRegistryClient client = RestSchemaRegistryClient.fromConfig(Map.of("schema.registry.url", url,
                "schema.registry.ssl.truststore.location", store.toString(),
                "schema.registry.ssl.truststore.type", "PKCS12",
                "schema.registry.ssl.truststore.password", "changeit"));

        assertThat(client.schemaById(1)).isEqualTo(Schema.create(Schema.Type.STRING));
    }

    @Test
    void givenNoTruststore_whenCalled_thenTheJvmsCasRefuseTheLocalCertificate_andNoCredentialsWereSent() {
        RestSchemaRegistryClient client = RestSchemaRegistryClient.fromConfig(Map.of("schema.registry.url", url,
                "basic.auth.credentials.source", "USER_INFO", "basic.auth.user.info", "orbit:s3cret"));

        assertThatThrownBy(() -> client.register("things-value", Schema.create(Schema.Type.STRING)))
                .isInstanceOf(SchemaRegistryException.class)
                .satisfies(e -> assertThat(e.getSuppressed()).anySatisfy(s -> assertThat(s).isInstanceOf(SSLHandshakeException.class)));
        assertThat(authorizations).isEmpty();
    }

    @Test
    void givenTruststoreOfAnotherCa_whenCalled_thenTheHandshakeFails() throws Exception {
        Path other = TestCa.create("another CA").writePem(dir.resolve("other.crt"));
        RestSchemaRegistryClient client = RestSchemaRegistryClient.fromConfig(Map.of("schema.registry.url", url,
                "schema.registry.ssl.truststore.location", other.toString(), "schema.registry.ssl.truststore.type", "pem"));

        assertThatThrownBy(() -> client.schemaById(1)).isInstanceOf(SchemaRegistryException.class)
                .satisfies(e -> assertThat(e.getSuppressed()).anySatisfy(s -> assertThat(s).isInstanceOf(SSLHandshakeException.class)));
        assertThat(authorizations).isEmpty();
    }

    @Test
    void givenBadTruststoreSettings_whenBuilt_thenRefusedNamingTheSettingAndFileButNotThePassword() throws Exception {
        Path pem = ca.writePem(dir.resolve("ca.crt"));
        assertThatThrownBy(() -> RestSchemaRegistryClient.fromConfig(Map.of("schema.registry.url", url,
                "schema.registry.ssl.truststore.location", pem.toString())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("schema.registry.ssl.truststore.location")
                .hasMessageContaining(pem.toString()).hasMessageContaining("schema.registry.ssl.truststore.type=PEM");
        Path store = ca.writePkcs12(dir.resolve("trust.p12"), "right-one");
        assertThatThrownBy(() -> RestSchemaRegistryClient.fromConfig(Map.of("schema.registry.url", url,
                "schema.registry.ssl.truststore.location", store.toString(), "schema.registry.ssl.truststore.type", "PKCS12",
                "schema.registry.ssl.truststore.password", "wrong-one")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(store.toString())
                .hasMessageNotContaining("wrong-one").hasMessageNotContaining("right-one");
        assertThatThrownBy(() -> RestSchemaRegistryClient.fromConfig(Map.of("schema.registry.url", url,
                "schema.registry.ssl.truststore.location", pem.toString(), "schema.registry.ssl.truststore.type", "BKS")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PEM, JKS or PKCS12");
        Path empty = Files.writeString(dir.resolve("empty.crt"), "");
        assertThatThrownBy(() -> RestSchemaRegistryClient.fromConfig(Map.of("schema.registry.url", url,
                "schema.registry.ssl.truststore.location", empty.toString(), "schema.registry.ssl.truststore.type", "PEM")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no PEM certificate");
        assertThatThrownBy(() -> RestSchemaRegistryClient.fromConfig(Map.of("schema.registry.url", url,
                "schema.registry.ssl.truststore.location", dir.resolve("missing.crt").toString(),
                "schema.registry.ssl.truststore.type", "PEM")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("missing.crt");
    }

    @Test
    void givenACaFileThatIsEmptyMissingOrNotPem_whenTrusted_thenRefusedNamingTheCaFileNotTheRegistrySettings() throws Exception {
        Path empty = Files.writeString(dir.resolve("empty.crt"), "");
        Path garbage = Files.writeString(dir.resolve("garbage.crt"), "-----BEGIN CERTIFICATE-----\nnot base64\n-----END CERTIFICATE-----\n");
        for (Path file : List.of(empty, garbage, dir.resolve("missing.crt"))) {
            assertThatThrownBy(() -> RegistryTrust.trustingPem(file))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("the CA file " + file)
                    .hasMessageNotContaining("schema.registry");
        }
        assertThatThrownBy(() -> RegistryTrust.trustingPem(empty)).hasMessageContaining("no PEM certificate");
        assertThat(RegistryTrust.trustingPem(ca.writePem(dir.resolve("ca.crt"))).getProtocol()).isEqualTo("TLS");
    }
}
