package io.govstream.registry;

import static io.govstream.registry.RegistryHttp.schemaBody;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** Writes need HTTP basic credentials of a configured principal; reads stay anonymous (Confluent's default). */
class RegistryAuthTest {
    private static final String V1 = RegistryApiTest.V1;
    private static final String V2_WITHOUT_DEFAULT = RegistryApiTest.V2_WITHOUT_DEFAULT;

    @TempDir
    Path secrets;
    private EmbeddedServer server;

    @AfterEach
    void stopRegistry() {
        if (server != null) {
            server.getApplicationContext().close();
        }
    }

    private String start(Map<String, Object> auth) {
        Map<String, Object> properties = new HashMap<>(auth);
        properties.put("micronaut.server.port", -1);
        properties.put("registry.store", "memory");
        server = ApplicationContext.run(EmbeddedServer.class, properties, RegistryApplication.ENVIRONMENT);
        return server.getURL().toString();
    }

    /** Every write of the API, as an attacker would try it on a registered subject. */
    private static final List<Function<RegistryHttp, RegistryHttp.Response>> WRITES = List.of(
            h -> h.put("/config", "{\"compatibility\":\"NONE\"}"),
            h -> h.put("/config/things-value", "{\"compatibility\":\"NONE\"}"),
            h -> h.delete("/config/things-value"),
            h -> h.post("/subjects/things-value/versions", schemaBody(V2_WITHOUT_DEFAULT)),
            h -> h.post("/subjects/other-value/versions", schemaBody(V1)),
            h -> h.delete("/subjects/things-value/versions/1"),
            h -> h.delete("/subjects/things-value/versions/1?permanent=true"),
            h -> h.delete("/subjects/things-value"),
            h -> h.delete("/subjects/things-value?permanent=true"));

    @Test
    void givenNoCredentials_whenEveryWriteTried_then401With40101AndNothingChanged() {
        RegistryUsers users = RegistryUsers.oneWriter(secrets);
        String url = start(users.properties());
        RegistryHttp writer = users.client(url, RegistryUsers.WRITER);
        writer.post("/subjects/things-value/versions", schemaBody(V1));
        RegistryHttp anonymous = new RegistryHttp(url);

        for (Function<RegistryHttp, RegistryHttp.Response> write : WRITES) {
            RegistryHttp.Response refused = write.apply(anonymous);

            assertThat(refused.status()).isEqualTo(401);
            assertThat(refused.contentType()).startsWith(MediaTypes.V1);
            assertThat(refused.errorCode()).isEqualTo(40101);
            assertThat(refused.json().path("message").asText()).contains("credentials");
            assertThat(refused.wwwAuthenticate()).startsWith("Basic realm=");
        }
        assertThat(anonymous.get("/config").json()).hasToString("{\"compatibilityLevel\":\"BACKWARD\"}");
        assertThat(anonymous.get("/config/things-value").errorCode()).isEqualTo(40408);
        assertThat(anonymous.get("/subjects").json()).hasToString("[\"things-value\"]");
        assertThat(anonymous.get("/subjects/things-value/versions").json()).hasToString("[1]");
    }

    @Test
    void givenWrongUnknownOrMalformedCredentials_whenWriting_then401AndTheLogNamesNoPassword() {
        RegistryUsers users = new RegistryUsers(secrets, RegistryUsers.WRITER, "axon");
        String url = start(users.properties());
        ListAppender<ILoggingEvent> log = capture();
        String axonPassword = users.password("axon");

        List<RegistryHttp> callers = List.of(
                new RegistryHttp(url).as(RegistryUsers.WRITER, axonPassword),
                new RegistryHttp(url).as("producer", axonPassword),
                new RegistryHttp(url).as(RegistryUsers.WRITER, ""),
                new RegistryHttp(url).withAuthorization("Basic !!not-base64!!"),
                new RegistryHttp(url).withAuthorization("Basic " + java.util.Base64.getEncoder().encodeToString("no-colon".getBytes())),
                new RegistryHttp(url).withAuthorization("Bearer " + axonPassword));

        for (RegistryHttp caller : callers) {
            RegistryHttp.Response refused = caller.put("/config", "{\"compatibility\":\"NONE\"}");
            assertThat(refused.status()).isEqualTo(401);
            assertThat(refused.errorCode()).isEqualTo(40101);
        }
        assertThat(new RegistryHttp(url).get("/config").json()).hasToString("{\"compatibilityLevel\":\"BACKWARD\"}");
        assertThat(log.list).hasSize(callers.size())
                .allSatisfy(e -> assertThat(e.getFormattedMessage()).startsWith("Refused PUT /config: 401").doesNotContain(axonPassword));
        assertThat(log.list.get(0).getFormattedMessage()).contains("wrong password for user orbit");
    }

    @Test
    void givenPrincipalCredentials_whenWriting_thenAccepted() {
        RegistryUsers users = new RegistryUsers(secrets, RegistryUsers.WRITER, "admin");
        String url = start(users.properties());
        RegistryHttp orbit = users.client(url, RegistryUsers.WRITER);
        RegistryHttp admin = users.client(url, "admin");

        assertThat(orbit.post("/subjects/things-value/versions", schemaBody(V1)).json().path("id").asInt()).isEqualTo(1);
        assertThat(admin.put("/config/things-value", "{\"compatibility\":\"NONE\"}").status()).isEqualTo(200);
        assertThat(orbit.post("/subjects/things-value/versions", schemaBody(V2_WITHOUT_DEFAULT)).status()).isEqualTo(200);
        assertThat(admin.delete("/subjects/things-value").json()).hasToString("[1,2]");
        assertThat(admin.delete("/subjects/things-value?permanent=true").status()).isEqualTo(200);
    }

    @Test
    void givenNoCredentials_whenReadingLookingUpOrCheckingCompatibility_thenAnswered() {
        RegistryUsers users = RegistryUsers.oneWriter(secrets);
        String url = start(users.properties());
        users.client(url, RegistryUsers.WRITER).post("/subjects/things-value/versions", schemaBody(V1));
        RegistryHttp anonymous = new RegistryHttp(url);

        assertThat(anonymous.get("/subjects").status()).isEqualTo(200);
        assertThat(anonymous.get("/subjects/things-value/versions/latest").status()).isEqualTo(200);
        assertThat(anonymous.get("/schemas/ids/1").status()).isEqualTo(200);
        assertThat(anonymous.get("/config").status()).isEqualTo(200);
        assertThat(anonymous.get("/mode").status()).isEqualTo(200);
        assertThat(anonymous.post("/subjects/things-value", schemaBody(V1)).json().path("id").asInt()).isEqualTo(1);
        assertThat(anonymous.post("/compatibility/subjects/things-value/versions/latest", schemaBody(V2_WITHOUT_DEFAULT))
                .json()).hasToString("{\"is_compatible\":false}");
        assertThat(anonymous.get("/health").status()).isEqualTo(200);
    }

    @Test
    void givenNoUsersConfigured_whenWritingWithAnyCredentials_thenRefused() {
        String url = start(Map.of());

        RegistryHttp.Response refused = new RegistryHttp(url).as("admin", "admin").post("/subjects/things-value/versions", schemaBody(V1));

        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.errorCode()).isEqualTo(40101);
        assertThat(new RegistryHttp(url).get("/subjects").json()).hasToString("[]");
    }

    @Test
    void givenAUserWithoutPasswordFile_whenStarted_thenFailsNamingTheFile() {
        Map<String, Object> auth = Map.of("registry.auth.users", List.of("governance"), "registry.auth.password-dir", secrets.toString());

        assertThatThrownBy(() -> start(auth))
                .hasStackTraceContaining(secrets.resolve("governance.password").toString());
    }

    @Test
    void givenAPasswordFileOthersCanRead_whenStarted_thenRefusedNamingTheFileAndTheFix() throws Exception {
        RegistryUsers users = RegistryUsers.oneWriter(secrets);
        Path file = secrets.resolve(RegistryUsers.WRITER + ".password");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

        assertThatThrownBy(() -> start(users.properties()))
                .hasStackTraceContaining("Secret file " + file + " has mode rw-r--r--")
                .hasStackTraceContaining("chmod 600 " + file);
    }

    private static ListAppender<ILoggingEvent> capture() {
        Logger logger = (Logger) LoggerFactory.getLogger(WriteAuthFilter.class);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        return appender;
    }
}
