package io.govstream.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.govstream.runtime.probetest.TestGateIndicator;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProbesControllerTest {
    private final HttpClient http = HttpClient.newHttpClient();

    private static Map<String, Object> props() {
        return Map.of("micronaut.server.port", -1, "kafka.bootstrap.servers", "localhost:1");
    }

    @Test
    void givenAGateDown_whenProbed_thenReady503AndLive200_andUpAfterTheGateOpens() throws Exception {
        try (EmbeddedServer server = ApplicationContext.run(EmbeddedServer.class, props(), "probetest")) {
            TestGateIndicator indicator = server.getApplicationContext().getBean(TestGateIndicator.class);

            assertThat(get(server, "/health/ready").statusCode()).isEqualTo(503);
            assertThat(get(server, "/health/live").statusCode()).isEqualTo(200);

            indicator.gate.up("caught up");
            HttpResponse<String> ready = get(server, "/health/ready");
            assertThat(ready.statusCode()).isEqualTo(200);
            assertThat(ready.body()).contains("UP");
            assertThat(get(server, "/health").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void givenTwoContextsInOneJvm_whenOnlyOneHasTheEnvironment_thenOnlyItLoadsTheGuardedBeans() {
        try (EmbeddedServer guarded = ApplicationContext.run(EmbeddedServer.class, props(), "probetest");
             EmbeddedServer other = ApplicationContext.run(EmbeddedServer.class, props())) {
            assertThat(guarded.getApplicationContext().containsBean(TestGateIndicator.class)).isTrue();
            assertThat(other.getApplicationContext().containsBean(TestGateIndicator.class)).isFalse();
            assertThat(guarded.getPort()).isNotEqualTo(other.getPort());
        }
    }

    @Test
    void givenSettingsWithASecret_whenPrinted_thenTheSecretIsHidden() {
        KafkaClientSettings settings = new KafkaClientSettings(Map.of("bootstrap.servers", "b:9092",
                "sasl.jaas.config", "ScramLoginModule required username=\"u\" password=\"s3cret\";"));
        assertThat(settings.toString()).contains("b:9092").doesNotContain("s3cret");
    }

    private HttpResponse<String> get(EmbeddedServer server, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + server.getPort() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
