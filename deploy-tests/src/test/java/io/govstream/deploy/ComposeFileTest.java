package io.govstream.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/** deploy/compose: the same agreement with the code as the chart, plus Kafka's security settings. */
class ComposeFileTest {
    private static final Map<String, Service> SERVICES = Map.of(
            "governance-streams", Service.GOVERNANCE, "orbit", Service.ORBIT, "axon", Service.AXON, "registry", Service.REGISTRY);

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> services() {
        Map<String, Object> compose = new Yaml().load(Repo.read("deploy/compose/compose.yaml"));
        return (Map<String, Map<String, Object>>) compose.get("services");
    }

    private static Map<String, String> env(Map<String, Object> service) {
        Object env = service.get("environment");
        return env == null ? Map.of() : Consistency.strings((Map<?, ?>) env);
    }

    @SuppressWarnings("unchecked")
    private static List<String> list(Object value) {
        return value == null ? List.of() : ((List<Object>) value).stream().map(String::valueOf).toList();
    }

    @Test
    void givenTheComposeFile_whenEachServiceIsRead_thenItsImagePortAndVariablesMatchTheCode() {
        Map<String, Map<String, Object>> services = services();
        List<String> unread = new ArrayList<>();
        SERVICES.forEach((name, service) -> {
            Map<String, Object> definition = services.get(name);
            assertThat(definition).as(name).isNotNull();
            assertThat(String.valueOf(definition.get("image"))).startsWith("ghcr.io/govstream/" + service.image + ":");
            Map<String, String> env = env(definition);
            assertThat(env.get("MICRONAUT_SERVER_PORT")).as(name).isEqualTo(String.valueOf(service.port()));
            assertThat(list(definition.get("ports"))).as(name).containsExactly(service.port() + ":" + service.port());
            assertThat(env).as(name + " reaches Kafka with SCRAM").containsEntry("KAFKA_SASL_MECHANISM", "SCRAM-SHA-512");
            unread.addAll(Consistency.unread(service, env.keySet()));
        });
        assertThat(unread).as("variables no service code or configuration reads").isEmpty();
    }

    @Test
    void givenTheComposeFile_whenGovctlServicesAreRead_thenTheCliAcceptsTheirCommands() {
        List<List<String>> commands = new ArrayList<>();
        services().forEach((name, definition) -> {
            if (String.valueOf(definition.get("image")).startsWith("ghcr.io/govstream/govctl:") && definition.containsKey("command")) {
                List<String> args = list(definition.get("command"));
                Consistency.requireGovctlAccepts(args, env(definition).keySet());
                commands.add(args.subList(0, 2));
            }
        });
        assertThat(commands).containsExactlyInAnyOrder(List.of("topology", "apply"), List.of("ledger", "verify"));
    }

    @Test
    void givenTheComposeFile_whenTopicsAreNamed_thenEachIsInTheCatalogue() {
        Set<String> catalogue = Consistency.catalogueTopics();
        List<String> named = new ArrayList<>();
        Matcher m = Pattern.compile("\\bgovernance\\.[a-z][a-z.-]*[a-z]").matcher(Repo.read("deploy/compose/compose.yaml"));
        while (m.find()) {
            named.add(m.group());
        }
        named.add(env(services().get("registry")).get("REGISTRY_TOPIC"));

        assertThat(named).isNotEmpty().allMatch(catalogue::contains);
    }

    @Test
    void givenTheComposeFile_whenKeyFilesAreNamed_thenEachIsMadeByKeysInitOrWrittenByTheSecretsStep() {
        String secretsStep = Repo.read("deploy/compose/secrets.sh");
        Set<String> named = Consistency.secretFilesNamed(Repo.read("deploy/compose/compose.yaml"));

        assertThat(named).isNotEmpty().allSatisfy(file -> assertThat(Consistency.keysInitFiles().contains(file)
                || secretsStep.contains("/" + file)).as(file).isTrue());
        Consistency.keysInitFiles().stream().filter(named::contains)
                .forEach(file -> assertThat(secretsStep).as("the secrets step copies " + file).contains(file));
    }

    @Test
    void givenTheComposeFile_whenTheLedgerKekIsCopied_thenItComesFromItsOwnDirectory_notWithTheOtherKeys() {
        String secretsStep = Repo.read("deploy/compose/secrets.sh");
        List<String> mounts = list(services().get("secrets").get("volumes"));

        assertThat(mounts).anySatisfy(m -> assertThat(m).endsWith(":/kek:ro").contains("GOVSTREAM_KEK_DIR"));
        assertThat(secretsStep).contains("/kek/" + io.govstream.cli.client.PlatformKek.FILE)
                .doesNotContain("copy " + io.govstream.cli.client.PlatformKek.FILE);
        assertThat(env(services().get("governance-streams"))).containsEntry("GOVERNANCE_LEDGER_KEK",
                "/run/govstream/secrets/" + io.govstream.cli.client.PlatformKek.FILE);
    }

    @Test
    void givenTheComposeKafka_whenItsConfigIsRead_thenClientsNeedScramAndNothingIsAllowedWithoutAnAcl() throws IOException {
        Properties kafka = new Properties();
        kafka.load(new StringReader(Repo.read("deploy/compose/kafka/server.properties")));

        assertThat(String.valueOf(services().get("kafka").get("image"))).startsWith("apache/kafka:");
        Map<String, String> protocols = new java.util.HashMap<>();
        for (String entry : kafka.getProperty("listener.security.protocol.map").split(",")) {
            protocols.put(entry.split(":")[0], entry.split(":")[1]);
        }
        for (String listener : kafka.getProperty("listeners").split(",")) {
            assertThat(protocols.get(listener.split("://")[0])).as(listener + " authenticates").startsWith("SASL_");
        }
        assertThat(kafka.getProperty("sasl.enabled.mechanisms")).isEqualTo("SCRAM-SHA-512");
        assertThat(kafka.getProperty("authorizer.class.name")).isEqualTo("org.apache.kafka.metadata.authorizer.StandardAuthorizer");
        assertThat(kafka.getProperty("allow.everyone.if.no.acl.found")).isEqualTo("false");
        assertThat(kafka.getProperty("super.users")).isEqualTo("User:admin");
        assertThat(Repo.read("deploy/compose/compose.yaml") + Repo.read("deploy/compose/kafka/server.properties"))
                .as("no password in the files").doesNotContainPattern("password\\s*=\\s*\"?[A-Za-z0-9]");
    }

    @Test
    void givenTheComposePrometheusAndGrafana_whenRead_thenTheyLoadTheShippedRulesAndDashboardsAndScrapeEveryService() {
        Map<String, Map<String, Object>> services = services();
        assertThat(list(services.get("prometheus").get("volumes"))).contains("../prometheus/rules:/etc/prometheus/rules:ro");
        assertThat(list(services.get("grafana").get("volumes")))
                .contains("../grafana/dashboards:/var/lib/grafana/dashboards/govstream:ro");
        assertThat(Repo.yaml("deploy/grafana/provisioning/dashboards/govstream.yml").path("providers").get(0)
                .path("options").path("path").asText()).isEqualTo("/var/lib/grafana/dashboards/govstream");

        var shipped = Repo.yaml("deploy/prometheus/prometheus.yml");
        var compose = Repo.yaml("deploy/compose/prometheus/prometheus.yml");
        assertThat(compose.path("rule_files")).isEqualTo(shipped.path("rule_files"));
        List<String> targets = new ArrayList<>();
        compose.path("scrape_configs").forEach(job -> {
            assertThat(job.path("metrics_path").asText()).isEqualTo("/prometheus");
            targets.add(job.path("job_name").asText() + "=" + job.path("static_configs").get(0).path("targets").get(0).asText());
        });
        assertThat(targets).containsExactlyInAnyOrder(
                "governance-streams=governance-streams:" + Service.GOVERNANCE.port(),
                "orbit=orbit:" + Service.ORBIT.port(),
                "axon=axon:" + Service.AXON.port(),
                "schema-registry=registry:" + Service.REGISTRY.port());
    }
}
