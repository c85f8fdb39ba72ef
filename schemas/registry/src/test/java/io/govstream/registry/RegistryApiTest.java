package io.govstream.registry;

import static io.govstream.registry.RegistryHttp.schemaBody;
import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Confluent REST API of the registry, against the in-memory store. */
class RegistryApiTest {
    static final String V1 = "{\"type\":\"record\",\"name\":\"Thing\",\"namespace\":\"t\",\"fields\":[{\"name\":\"a\",\"type\":\"string\"}]}";
    static final String V1_SPACED = "{ \"type\" : \"record\",\n  \"name\" : \"Thing\", \"namespace\":\"t\",\n"
            + "  \"fields\" : [ { \"name\" : \"a\", \"type\" : \"string\" } ] }";
    static final String V2_WITH_DEFAULT = "{\"type\":\"record\",\"name\":\"Thing\",\"namespace\":\"t\",\"fields\":["
            + "{\"name\":\"a\",\"type\":\"string\"},{\"name\":\"b\",\"type\":\"long\",\"default\":0}]}";
    static final String V2_WITHOUT_DEFAULT = "{\"type\":\"record\",\"name\":\"Thing\",\"namespace\":\"t\",\"fields\":["
            + "{\"name\":\"a\",\"type\":\"string\"},{\"name\":\"b\",\"type\":\"long\"}]}";

    @TempDir
    Path secrets;
    private EmbeddedServer server;
    /** A client with a writer's credentials (RegistryAuthTest covers the anonymous ones). */
    private RegistryHttp http;

    @BeforeEach
    void startRegistry() {
        RegistryUsers users = RegistryUsers.oneWriter(secrets);
        Map<String, Object> properties = new HashMap<>(users.properties());
        properties.put("micronaut.server.port", -1);
        properties.put("registry.store", "memory");
        server = ApplicationContext.run(EmbeddedServer.class, properties, RegistryApplication.ENVIRONMENT);
        http = users.client(server.getURL().toString(), RegistryUsers.WRITER);
    }

    @AfterEach
    void stopRegistry() {
        server.getApplicationContext().close();
    }

    @Test
    void givenNewSubject_whenSchemaRegistered_thenIdAndVersionOne() {
        RegistryHttp.Response registered = http.post("/subjects/things-value/versions", schemaBody(V1));

        assertThat(registered.status()).isEqualTo(200);
        assertThat(registered.contentType()).startsWith(MediaTypes.V1);
        assertThat(registered.json().path("id").asInt()).isEqualTo(1);
        assertThat(http.get("/subjects").json()).hasToString("[\"things-value\"]");
        assertThat(http.get("/subjects/things-value/versions").json()).hasToString("[1]");
        assertThat(http.get("/schemas/ids/1").json().path("schema").asText()).isEqualTo(new Schema.Parser().parse(V1).toString());
    }

    @Test
    void givenRegisteredSchema_whenSameSchemaWithOtherWhitespaceRegistered_thenSameIdAndNoNewVersion() {
        int first = http.post("/subjects/things-value/versions", schemaBody(V1)).json().path("id").asInt();

        int second = http.post("/subjects/things-value/versions", schemaBody(V1_SPACED)).json().path("id").asInt();

        assertThat(second).isEqualTo(first);
        assertThat(http.get("/subjects/things-value/versions").json()).hasToString("[1]");
    }

    @Test
    void givenSchemaInOneSubject_whenRegisteredInAnother_thenSameGlobalIdAndBothSubjectsListed() {
        int id = http.post("/subjects/a-value/versions", schemaBody(V1)).json().path("id").asInt();

        int again = http.post("/subjects/b-value/versions", schemaBody(V1)).json().path("id").asInt();

        assertThat(again).isEqualTo(id);
        assertThat(http.get("/schemas/ids/" + id + "/versions").json())
                .hasToString("[{\"subject\":\"a-value\",\"version\":1},{\"subject\":\"b-value\",\"version\":1}]");
    }

    @Test
    void givenTwoVersions_whenReadByNumberLatestAndSchemaText_thenConfluentShapes() {
        http.post("/subjects/things-value/versions", schemaBody(V1));
        int id2 = http.post("/subjects/things-value/versions", schemaBody(V2_WITH_DEFAULT)).json().path("id").asInt();

        RegistryHttp.Response latest = http.get("/subjects/things-value/versions/latest");
        RegistryHttp.Response first = http.get("/subjects/things-value/versions/1");
        RegistryHttp.Response text = http.get("/subjects/things-value/versions/2/schema");

        assertThat(id2).isEqualTo(2);
        assertThat(http.get("/subjects/things-value/versions").json()).hasToString("[1,2]");
        assertThat(latest.json().path("subject").asText()).isEqualTo("things-value");
        assertThat(latest.json().path("version").asInt()).isEqualTo(2);
        assertThat(latest.json().path("id").asInt()).isEqualTo(2);
        assertThat(latest.json().has("schemaType")).as("AVRO is the default and not named").isFalse();
        assertThat(first.json().path("version").asInt()).isEqualTo(1);
        assertThat(new Schema.Parser().parse(first.json().path("schema").asText())).isEqualTo(new Schema.Parser().parse(V1));
        assertThat(new Schema.Parser().parse(text.text())).isEqualTo(new Schema.Parser().parse(V2_WITH_DEFAULT));
        assertThat(http.get("/subjects/things-value/versions/-1").json().path("version").asInt()).isEqualTo(2);
    }

    @Test
    void givenRegisteredSchema_whenLookedUp_thenSubjectIdVersionAndSchema() {
        http.post("/subjects/things-value/versions", schemaBody(V1));

        RegistryHttp.Response found = http.post("/subjects/things-value", schemaBody(V1_SPACED));
        RegistryHttp.Response unknownSchema = http.post("/subjects/things-value", schemaBody(V2_WITH_DEFAULT));
        RegistryHttp.Response unknownSubject = http.post("/subjects/nothing-value", schemaBody(V1));

        assertThat(found.status()).isEqualTo(200);
        assertThat(found.json().path("subject").asText()).isEqualTo("things-value");
        assertThat(found.json().path("id").asInt()).isEqualTo(1);
        assertThat(found.json().path("version").asInt()).isEqualTo(1);
        assertThat(found.json().path("schema").asText()).isEqualTo(new Schema.Parser().parse(V1).toString());
        assertThat(unknownSchema.status()).isEqualTo(404);
        assertThat(unknownSchema.errorCode()).isEqualTo(40403);
        assertThat(unknownSubject.status()).isEqualTo(404);
        assertThat(unknownSubject.errorCode()).isEqualTo(40401);
    }

    @Test
    void givenBackwardSubject_whenFieldWithoutDefaultAdded_then409WithErrorCode409() {
        http.post("/subjects/things-value/versions", schemaBody(V1));

        RegistryHttp.Response rejected = http.post("/subjects/things-value/versions", schemaBody(V2_WITHOUT_DEFAULT));

        assertThat(rejected.status()).isEqualTo(409);
        assertThat(rejected.contentType()).startsWith(MediaTypes.V1);
        assertThat(rejected.errorCode()).isEqualTo(409);
        assertThat(rejected.json().path("message").asText())
                .contains("Schema being registered is incompatible with an earlier schema for subject \"things-value\"")
                .contains("READER_FIELD_MISSING_DEFAULT_VALUE");
        assertThat(http.get("/subjects/things-value/versions").json()).hasToString("[1]");
    }

    @Test
    void givenSubject_whenCompatibilityChecked_thenAnswersWithoutRegistering() {
        http.post("/subjects/things-value/versions", schemaBody(V1));

        RegistryHttp.Response compatible = http.post("/compatibility/subjects/things-value/versions/latest", schemaBody(V2_WITH_DEFAULT));
        RegistryHttp.Response incompatible = http.post("/compatibility/subjects/things-value/versions/1?verbose=true",
                schemaBody(V2_WITHOUT_DEFAULT));
        RegistryHttp.Response quiet = http.post("/compatibility/subjects/things-value/versions/latest", schemaBody(V2_WITHOUT_DEFAULT));
        RegistryHttp.Response noSuchVersion = http.post("/compatibility/subjects/things-value/versions/7", schemaBody(V1));

        assertThat(compatible.json()).hasToString("{\"is_compatible\":true}");
        assertThat(incompatible.json().path("is_compatible").asBoolean()).isFalse();
        assertThat(incompatible.json().path("messages").get(0).asText()).contains("b");
        assertThat(quiet.json()).hasToString("{\"is_compatible\":false}");
        assertThat(noSuchVersion.errorCode()).isEqualTo(40402);
        assertThat(http.get("/subjects/things-value/versions").json()).hasToString("[1]");
    }

    @Test
    void givenATransitiveLevel_whenCheckedAgainstLatest_thenOnlyTheLatestVersionCounts_whileAgainstAllVersionsIsRegistrationsCheck() {
        http.post("/subjects/things-value/versions", schemaBody(V1));
        http.post("/subjects/things-value/versions", schemaBody(V2_WITH_DEFAULT));
        http.put("/config/things-value", "{\"compatibility\":\"BACKWARD_TRANSITIVE\"}");

        // V2_WITHOUT_DEFAULT reads what the latest version wrote (b is there), not what version 1 wrote (no b, no default).
        RegistryHttp.Response latest = http.post("/compatibility/subjects/things-value/versions/latest", schemaBody(V2_WITHOUT_DEFAULT));
        RegistryHttp.Response all = http.post("/compatibility/subjects/things-value/versions?verbose=true",
                schemaBody(V2_WITHOUT_DEFAULT));
        RegistryHttp.Response registered = http.post("/subjects/things-value/versions", schemaBody(V2_WITHOUT_DEFAULT));

        assertThat(latest.json()).as("Confluent: against a particular version").hasToString("{\"is_compatible\":true}");
        assertThat(all.json().path("is_compatible").asBoolean()).as("Confluent: the same check as register").isFalse();
        assertThat(all.json().path("messages").get(0).asText()).contains("READER_FIELD_MISSING_DEFAULT_VALUE");
        assertThat(registered.status()).isEqualTo(409);
        assertThat(http.post("/compatibility/subjects/new-value/versions/latest", schemaBody(V1)).json())
                .as("latest of a subject without versions").hasToString("{\"is_compatible\":true}");
    }

    @Test
    void givenDefaults_whenConfigReadAndChanged_thenConfluentFieldNames() {
        assertThat(http.get("/config").json()).hasToString("{\"compatibilityLevel\":\"BACKWARD\"}");

        RegistryHttp.Response put = http.put("/config", "{\"compatibility\":\"full\"}");

        assertThat(put.json()).hasToString("{\"compatibility\":\"FULL\"}");
        assertThat(http.get("/config").json()).hasToString("{\"compatibilityLevel\":\"FULL\"}");
        RegistryHttp.Response invalid = http.put("/config", "{\"compatibility\":\"SIDEWAYS\"}");
        assertThat(invalid.status()).isEqualTo(422);
        assertThat(invalid.errorCode()).isEqualTo(42203);
    }

    @Test
    void givenSubjectLevel_whenSetReadAndDeleted_thenItGovernsRegistrationUntilDeleted() {
        http.post("/subjects/things-value/versions", schemaBody(V1));
        RegistryHttp.Response unset = http.get("/config/things-value");
        assertThat(unset.status()).isEqualTo(404);
        assertThat(unset.errorCode()).isEqualTo(40408);
        assertThat(http.get("/config/things-value?defaultToGlobal=true").json()).hasToString("{\"compatibilityLevel\":\"BACKWARD\"}");

        assertThat(http.put("/config/things-value", "{\"compatibility\":\"NONE\"}").json()).hasToString("{\"compatibility\":\"NONE\"}");

        assertThat(http.get("/config/things-value").json()).hasToString("{\"compatibilityLevel\":\"NONE\"}");
        assertThat(http.get("/config").json()).hasToString("{\"compatibilityLevel\":\"BACKWARD\"}");
        assertThat(http.post("/subjects/things-value/versions", schemaBody(V2_WITHOUT_DEFAULT)).json().path("id").asInt()).isEqualTo(2);
        assertThat(http.delete("/config/things-value").json()).hasToString("{\"compatibilityLevel\":\"NONE\"}");
        assertThat(http.get("/config/things-value").errorCode()).isEqualTo(40408);
    }

    @Test
    void givenUnknownThings_whenRead_then404WithConfluentErrorCodes() {
        http.post("/subjects/things-value/versions", schemaBody(V1));

        RegistryHttp.Response subject = http.get("/subjects/nothing-value/versions");
        RegistryHttp.Response version = http.get("/subjects/things-value/versions/9");
        RegistryHttp.Response schema = http.get("/schemas/ids/99");
        RegistryHttp.Response badVersion = http.get("/subjects/things-value/versions/abc");
        RegistryHttp.Response zero = http.get("/subjects/things-value/versions/0");

        assertThat(List.of(subject.status(), subject.errorCode())).containsExactly(404, 40401);
        assertThat(subject.json().path("message").asText()).isEqualTo("Subject 'nothing-value' not found.");
        assertThat(List.of(version.status(), version.errorCode())).containsExactly(404, 40402);
        assertThat(List.of(schema.status(), schema.errorCode())).containsExactly(404, 40403);
        assertThat(List.of(badVersion.status(), badVersion.errorCode())).containsExactly(422, 42202);
        assertThat(List.of(zero.status(), zero.errorCode())).containsExactly(422, 42202);
    }

    @Test
    void givenInvalidSchemaJson_whenRegistered_then422With42201() {
        RegistryHttp.Response notJson = http.post("/subjects/things-value/versions", schemaBody("{\"type\": \"record\", "));
        RegistryHttp.Response badDefault = http.post("/subjects/things-value/versions", schemaBody(
                "{\"type\":\"record\",\"name\":\"T\",\"fields\":[{\"name\":\"b\",\"type\":\"long\",\"default\":\"x\"}]}"));
        RegistryHttp.Response protobuf = http.post("/subjects/things-value/versions",
                "{\"schemaType\":\"PROTOBUF\",\"schema\":\"syntax = \\\"proto3\\\";\"}");

        assertThat(List.of(notJson.status(), notJson.errorCode())).containsExactly(422, 42201);
        assertThat(List.of(badDefault.status(), badDefault.errorCode())).containsExactly(422, 42201);
        assertThat(List.of(protobuf.status(), protobuf.errorCode())).containsExactly(422, 42202);
        assertThat(http.get("/subjects").json()).hasToString("[]");
    }

    @Test
    void givenASchemaThatNamesAnUndefinedType_whenRegisteredOrChecked_then422With42201NotAServerError() {
        // Avro's parser fails on a bare undefined name with a NullPointerException (found by RegistryRestFuzzTest).
        for (String undefined : List.of("\"Foo\"", "\"\"")) {
            RegistryHttp.Response registered = http.post("/subjects/things-value/versions", schemaBody(undefined));
            RegistryHttp.Response checked = http.post("/compatibility/subjects/things-value/versions/latest", schemaBody(undefined));
            RegistryHttp.Response lookedUp = http.post("/subjects/things-value", schemaBody(undefined));

            for (RegistryHttp.Response response : List.of(registered, checked, lookedUp)) {
                assertThat(List.of(response.status(), response.errorCode())).as(undefined).containsExactly(422, 42201);
                assertThat(response.json().path("message").asText()).startsWith("Invalid schema " + undefined + ", details: ")
                        .contains("not defined");
            }
        }
        assertThat(http.get("/subjects").json()).hasToString("[]");
    }

    @Test
    void givenSubject_whenSoftThenPermanentlyDeleted_thenConfluentDeleteSemantics() {
        http.post("/subjects/things-value/versions", schemaBody(V1));
        http.post("/subjects/things-value/versions", schemaBody(V2_WITH_DEFAULT));

        RegistryHttp.Response notSoftFirst = http.delete("/subjects/things-value?permanent=true");
        assertThat(List.of(notSoftFirst.status(), notSoftFirst.errorCode())).containsExactly(404, 40405);

        assertThat(http.delete("/subjects/things-value").json()).hasToString("[1,2]");
        assertThat(http.get("/subjects").json()).hasToString("[]");
        assertThat(http.get("/subjects?deleted=true").json()).hasToString("[\"things-value\"]");
        assertThat(http.get("/subjects/things-value/versions").errorCode()).isEqualTo(40401);
        assertThat(http.get("/subjects/things-value/versions?deleted=true").json()).hasToString("[1,2]");
        assertThat(http.get("/schemas/ids/1").status()).as("ids stay readable after a soft delete").isEqualTo(200);
        assertThat(http.delete("/subjects/things-value").errorCode()).isEqualTo(40404);

        assertThat(http.delete("/subjects/things-value?permanent=true").json()).hasToString("[1,2]");
        assertThat(http.get("/subjects?deleted=true").json()).hasToString("[]");
        assertThat(http.get("/schemas/ids/1").errorCode()).isEqualTo(40403);

        // and a new life starts at version 1 with a fresh id: ids are never reused
        assertThat(http.post("/subjects/things-value/versions", schemaBody(V1)).json().path("id").asInt()).isEqualTo(3);
        assertThat(http.get("/subjects/things-value/versions").json()).hasToString("[1]");
    }

    @Test
    void givenVersion_whenSoftDeletedAndReRegistered_thenNewVersionWithSameId() {
        http.post("/subjects/things-value/versions", schemaBody(V1));
        http.post("/subjects/things-value/versions", schemaBody(V2_WITH_DEFAULT));

        assertThat(http.delete("/subjects/things-value/versions/2").text()).isEqualTo("2");
        assertThat(http.delete("/subjects/things-value/versions/2").errorCode()).isEqualTo(40406);
        assertThat(http.delete("/subjects/things-value/versions/1?permanent=true").errorCode()).isEqualTo(40407);
        assertThat(http.get("/subjects/things-value/versions").json()).hasToString("[1]");
        assertThat(http.get("/subjects/things-value/versions/latest").json().path("version").asInt()).isEqualTo(1);

        assertThat(http.post("/subjects/things-value/versions", schemaBody(V2_WITH_DEFAULT)).json().path("id").asInt()).isEqualTo(2);

        assertThat(http.get("/subjects/things-value/versions").json()).hasToString("[1,3]");
        assertThat(http.delete("/subjects/things-value/versions/2?permanent=true").text()).isEqualTo("2");
        assertThat(http.get("/subjects/things-value/versions?deleted=true").json()).hasToString("[1,3]");
    }

    @Test
    void givenRegistry_whenProbed_thenRootTypesHealthAndMetricsAnswer() {
        assertThat(http.get("/").json()).hasToString("{}");
        assertThat(http.get("/schemas/types").json()).hasToString("[\"AVRO\"]");
        // as a Kubernetes probe or Prometheus asks: no Accept header
        RegistryHttp.Response health = http.send("GET", "/health", null, null, null);
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.json().path("status").asText()).isEqualTo("UP");
        RegistryHttp.Response metrics = http.send("GET", "/prometheus", null, null, null);
        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.text()).contains("jvm_memory_used_bytes");
        RegistryHttp.Response unknown = http.get("/nowhere");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.errorCode()).isEqualTo(404);
    }

    @Test
    void givenContextWithoutTheRegistryEnvironment_whenStarted_thenNoRegistryBeans() {
        try (ApplicationContext other = ApplicationContext.run(Map.of("registry.store", "memory"), "orbit")) {
            assertThat(other.containsBean(RegistryService.class)).isFalse();
            assertThat(other.containsBean(io.govstream.registry.store.SchemaStore.class)).isFalse();
        }
        assertThat(server.getApplicationContext().containsBean(RegistryService.class)).isTrue();
    }

    @Test
    void givenPlainJsonOrGenericMediaType_whenRegistered_thenAccepted() {
        RegistryHttp.Response json = http.send("POST", "/subjects/a-value/versions", schemaBody(V1), "application/json");
        RegistryHttp.Response generic = http.send("POST", "/subjects/b-value/versions", schemaBody(V1),
                "application/vnd.schemaregistry+json");

        assertThat(json.status()).isEqualTo(200);
        assertThat(generic.status()).isEqualTo(200);
        assertThat(generic.json().path("id").asInt()).isEqualTo(1);
    }

    @Test
    void givenCurlStyleAccept_whenRead_thenAnswered() {
        http.post("/subjects/things-value/versions", schemaBody(V1));

        RegistryHttp.Response json = http.send("GET", "/subjects", null, null, "application/json");
        RegistryHttp.Response any = http.send("GET", "/subjects/things-value/versions/latest", null, null, "*/*");
        RegistryHttp.Response none = http.send("GET", "/config", null, null, null);

        assertThat(json.status()).isEqualTo(200);
        assertThat(json.json()).hasToString("[\"things-value\"]");
        assertThat(any.status()).isEqualTo(200);
        assertThat(any.contentType()).startsWith(MediaTypes.V1);
        assertThat(none.status()).isEqualTo(200);
    }

    @Test
    void givenConfluentClientFields_whenRegistered_thenUnknownFieldsIgnored() {
        RegistryHttp.Response registered = http.post("/subjects/things-value/versions", RegistryHttp.json(Map.of(
                "schemaType", "AVRO", "schema", V1, "references", List.of(), "metadata", Map.of(), "ruleSet", Map.of())));

        assertThat(registered.status()).isEqualTo(200);
        assertThat(registered.json().path("id").asInt()).isEqualTo(1);
    }
}
