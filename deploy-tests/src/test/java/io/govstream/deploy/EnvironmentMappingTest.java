package io.govstream.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.govstream.governance.app.GovernanceSettings;
import io.govstream.runtime.KafkaClientSettings;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.env.PropertySource;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The chart's variables as the services' configuration sees them: Micronaut's environment-variable
 * convention turns GOVERNANCE_LEDGER_KEK into governance.ledger.kek and KAFKA_NUM_STANDBY_REPLICAS
 * into kafka.num.standby.replicas, which KafkaClientSettings hands to the Kafka clients.
 */
class EnvironmentMappingTest {

    @Test
    void givenGovernanceStreamsVariablesFromTheChart_whenLoadedAsEnvironment_thenPropertiesAndKafkaSettingsCarryThem() {
        JsonNode sts = Rendered.of("values-production.yaml").workload(Service.GOVERNANCE);
        Map<String, String> env = HelmChartTest.env(HelmChartTest.container(sts.path("spec").path("template").path("spec"), "governance"));
        Map<String, Object> variables = new HashMap<>(env);

        try (ApplicationContext context = ApplicationContext.builder().environments("governance")
                .propertySources(PropertySource.of("chart", variables, PropertySource.PropertyConvention.ENVIRONMENT_VARIABLE))
                .start()) {
            Map<String, Object> kafka = context.getBean(KafkaClientSettings.class).with(Map.of());

            assertThat(kafka).containsEntry("bootstrap.servers", env.get("KAFKA_BOOTSTRAP_SERVERS"))
                    .containsEntry("security.protocol", "SASL_SSL")
                    .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                    .containsEntry("num.standby.replicas", env.get("KAFKA_NUM_STANDBY_REPLICAS"))
                    .containsEntry("num.stream.threads", env.get("KAFKA_NUM_STREAM_THREADS"))
                    .containsEntry("ssl.endpoint.identification.algorithm", "https")
                    .containsKey("sasl.jaas.config");
            GovernanceSettings settings = context.getBean(GovernanceSettings.class);
            assertThat(settings.ledger().kek()).isEqualTo(env.get("GOVERNANCE_LEDGER_KEK"));
            assertThat(settings.commands().signingKey()).isEqualTo("/var/run/govstream/secrets/command-signing.json");
            assertThat(settings.stateDir()).isEqualTo("/var/lib/govstream/streams");
            assertThat(context.getProperty("registry.url", String.class)).contains("https://schema-registry.prod.internal");
            assertThat(context.getProperty("micronaut.server.port", Integer.class)).contains(Service.GOVERNANCE.port());
        }
    }
}
