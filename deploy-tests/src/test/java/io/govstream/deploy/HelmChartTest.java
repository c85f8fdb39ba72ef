package io.govstream.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * deploy/helm/govstream, rendered by the real Helm for every values file: lint, Kubernetes
 * schemas, and agreement with the code (ports, probe paths, settings, CLI arguments, topics).
 */
class HelmChartTest {
    private static final KubernetesSchemas SCHEMAS = new KubernetesSchemas();
    private static final Pattern TOPIC_LIKE = Pattern.compile("\\bgovernance\\.[a-z][a-z.-]*[a-z]");

    @Test
    void givenTheChart_whenLintedStrictly_thenHelmReportsNoFailure() {
        LintResult lint = new Helm(Rendered.CHART).lint().strict().call();

        assertThat(lint.isFailed()).as(String.join("\n", lint.getMessages())).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.govstream.deploy.Rendered#valuesFiles")
    void givenAValuesFile_whenRendered_thenEveryManifestMatchesItsKubernetesSchema(String valuesFile) {
        Rendered rendered = Rendered.of(valuesFile);

        List<String> problems = rendered.manifests().stream().flatMap(m -> SCHEMAS.validate(m).stream()).toList();

        assertThat(problems).as("schema violations").isEmpty();
        assertThat(rendered.ofKind("StatefulSet")).hasSize(1);
        assertThat(rendered.ofKind("CronJob")).hasSize(1);
        assertThat(rendered.ofKind("Job")).singleElement()
                .satisfies(job -> assertThat(job.path("spec").path("template").path("spec").path("containers").get(0)
                        .path("args").toString()).contains("\"topology\",\"apply\""));
        assertThat(rendered.ofKind("NetworkPolicy")).anySatisfy(p -> {
            assertThat(p.path("spec").path("policyTypes").toString()).contains("Ingress", "Egress");
            assertThat(p.path("spec").has("ingress")).isFalse();
            assertThat(p.path("spec").has("egress")).isFalse();
        });
    }

    @Test
    void givenADeploymentWithAMisspelledOrMistypedField_whenValidated_thenTheSchemaNamesIt() {
        JsonNode good = Rendered.of("values.yaml").workload(Service.ORBIT);
        com.fasterxml.jackson.databind.node.ObjectNode bad = good.deepCopy();
        com.fasterxml.jackson.databind.node.ObjectNode probe = (com.fasterxml.jackson.databind.node.ObjectNode)
                bad.path("spec").path("template").path("spec").path("containers").get(0).path("livenessProbe");
        probe.set("httpget", probe.remove("httpGet"));
        ((com.fasterxml.jackson.databind.node.ObjectNode) bad.path("spec")).put("replicas", "two");

        assertThat(SCHEMAS.validate(good)).isEmpty();
        assertThat(SCHEMAS.validate(bad)).hasSize(2)
                .anyMatch(p -> p.contains("httpget"))
                .anyMatch(p -> p.contains("replicas"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.govstream.deploy.Rendered#valuesFiles")
    void givenAValuesFile_whenRendered_thenEachServiceListensWhereItsCodeDoesAndIsProbedOnItsRealHealthPaths(String valuesFile) {
        Rendered rendered = Rendered.of(valuesFile);
        for (Service service : Service.values()) {
            JsonNode workload = rendered.workload(service);
            if (workload == null) {
                assertThat(service).as(valuesFile + ": only our registry may be left out (external one)").isEqualTo(Service.REGISTRY);
                continue;
            }
            JsonNode container = container(workload.path("spec").path("template").path("spec"), service.key);
            assertThat(container.path("ports").get(0).path("containerPort").asInt()).as(service + " port").isEqualTo(service.port());
            assertThat(env(container).get("MICRONAUT_SERVER_PORT")).isEqualTo(String.valueOf(service.port()));
            assertThat(container.path("livenessProbe").path("httpGet").path("path").asText()).isEqualTo(service.livenessPath());
            assertThat(container.path("startupProbe").path("httpGet").path("path").asText()).isEqualTo(service.livenessPath());
            assertThat(container.path("readinessProbe").path("httpGet").path("path").asText()).isEqualTo(service.readinessPath());
            assertThat(container.path("livenessProbe").path("httpGet").path("port").asText()).isEqualTo("http");

            JsonNode k8sService = rendered.ofKind("Service").stream()
                    .filter(s -> s.path("metadata").path("name").asText().equals(workload.path("metadata").path("name").asText()))
                    .findFirst().orElseThrow();
            assertThat(k8sService.path("spec").path("ports").get(0).path("port").asInt()).isEqualTo(service.port());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.govstream.deploy.Rendered#valuesFiles")
    void givenAValuesFile_whenRendered_thenEveryEnvironmentVariableIsOneTheServiceReads(String valuesFile) {
        Rendered rendered = Rendered.of(valuesFile);
        List<String> unread = new ArrayList<>();
        for (Service service : Service.values()) {
            JsonNode workload = rendered.workload(service);
            if (workload != null) {
                unread.addAll(Consistency.unread(service,
                        env(container(workload.path("spec").path("template").path("spec"), service.key)).keySet()));
            }
        }
        assertThat(unread).as("variables no service code or configuration reads").isEmpty();
    }

    @Test
    void givenAnOtlpEndpoint_whenRendered_thenOrbitGovernanceAndAxonExportSpansThereAndMayReachIt() {
        String endpoint = "http://otel-collector.observability:4318";
        Rendered rendered = Rendered.render("values-production.yaml", Map.of("tracing.otlpEndpoint", endpoint,
                "tracing.networkPolicyPeers[0].namespaceSelector.matchLabels.name", "observability"));
        for (Service service : List.of(Service.GOVERNANCE, Service.ORBIT, Service.AXON)) {
            Map<String, String> env = env(container(rendered.workload(service).path("spec").path("template").path("spec"), service.key));
            assertThat(env).as(service.key).containsEntry("TRACING_OTLP_ENDPOINT", endpoint);
            assertThat(Consistency.unread(service, env.keySet())).isEmpty();
        }
        assertThat(rendered.ofKind("NetworkPolicy")).filteredOn(p -> p.path("metadata").path("name").asText().endsWith("tracing-egress"))
                .singleElement().satisfies(p -> assertThat(p.path("spec").path("egress").toString())
                        .contains("\"port\":4318", "observability"));
        assertThat(env(container(Rendered.of("values-production.yaml").workload(Service.ORBIT).path("spec").path("template").path("spec"),
                Service.ORBIT.key))).as("off by default").doesNotContainKey("TRACING_OTLP_ENDPOINT");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.govstream.deploy.Rendered#valuesFiles")
    void givenAValuesFile_whenRendered_thenTheGovctlJobsRunCommandsTheCliAccepts(String valuesFile) {
        Rendered rendered = Rendered.of(valuesFile);
        List<List<String>> commands = new ArrayList<>();
        for (Map.Entry<String, JsonNode> pod : rendered.podSpecs()) {
            for (JsonNode c : pod.getValue().path("containers")) {
                if (c.path("image").asText().contains("/govctl:")) {
                    List<String> args = new ArrayList<>();
                    c.path("args").forEach(a -> args.add(a.asText()));
                    commands.add(args);
                    Consistency.requireGovctlAccepts(args, env(c).keySet());
                }
            }
        }
        assertThat(commands).extracting(args -> String.join(" ", args.subList(0, 2)))
                .containsExactlyInAnyOrder("topology apply", "ledger verify");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.govstream.deploy.Rendered#valuesFiles")
    void givenAValuesFile_whenRendered_thenRegistryWritesNeedTheServicesLoginsAndTheRegistryHasTheirPasswords(String valuesFile) {
        Rendered rendered = Rendered.of(valuesFile);
        JsonNode registry = rendered.workload(Service.REGISTRY);
        if (registry != null) {
            JsonNode pod = registry.path("spec").path("template").path("spec");
            Map<String, String> env = env(container(pod, "registry"));
            assertThat(env.get("REGISTRY_AUTH_USERS").split(",")).contains("governance", "orbit", "axon");
            assertThat(env.get("REGISTRY_AUTH_PASSWORD_DIR")).isEqualTo("/var/run/govstream/secrets");
            assertThat(pod.path("volumes").toString()).contains("\"secretName\":\"govstream-principal-passwords\"");
        }
        for (Service service : List.of(Service.GOVERNANCE, Service.ORBIT, Service.AXON)) {
            JsonNode pod = rendered.workload(service).path("spec").path("template").path("spec");
            assertThat(env(container(pod, service.key))).as(service.key).containsEntry("REGISTRY_BASIC_AUTH_CREDENTIALS_SOURCE", "SASL_INHERIT");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.govstream.deploy.Rendered#valuesFiles")
    void givenAValuesFile_whenRendered_thenEveryTopicItNamesIsInTheCatalogue(String valuesFile) {
        Set<String> catalogue = Consistency.catalogueTopics();
        Rendered rendered = Rendered.of(valuesFile);
        List<String> named = new ArrayList<>();
        for (JsonNode manifest : rendered.manifests()) {
            Matcher m = TOPIC_LIKE.matcher(manifest.toString());
            while (m.find()) {
                named.add(m.group());
            }
        }
        JsonNode registry = rendered.workload(Service.REGISTRY);
        if (registry != null) {
            named.add(env(container(registry.path("spec").path("template").path("spec"), "registry")).get("REGISTRY_TOPIC"));
        }
        assertThat(named).as("topics named in the rendered chart").isNotEmpty().allMatch(catalogue::contains);
    }

    @Test
    void givenTheDefaultValues_whenRenderedAsHelmInstallsIt_thenTopologyApplyIsAHookOutsideTheReleaseManifest() {
        assertThat(Rendered.withHooks("values.yaml").ofKind("Job")).as("hooks are not release resources").isEmpty();
        assertThat(Repo.read("deploy/helm/govstream/templates/jobs.yaml"))
                .contains("\"helm.sh/hook\": pre-install,pre-upgrade");
    }

    @Test
    void givenStagingAndProduction_whenRendered_thenGovernanceStreamsKeepsStandbyReplicasOnOtherInstances() {
        for (String valuesFile : List.of("values-staging.yaml", "values-production.yaml")) {
            JsonNode sts = Rendered.of(valuesFile).workload(Service.GOVERNANCE);
            int replicas = sts.path("spec").path("replicas").asInt();
            int standbys = Integer.parseInt(env(container(sts.path("spec").path("template").path("spec"), "governance"))
                    .get("KAFKA_NUM_STANDBY_REPLICAS"));
            assertThat(standbys).as(valuesFile).isBetween(1, replicas - 1);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.govstream.deploy.Rendered#valuesFiles")
    void givenAValuesFile_whenRendered_thenGovernanceStreamsHasNoMoreStreamThreadsThanInputPartitions(String valuesFile) {
        JsonNode sts = Rendered.of(valuesFile).workload(Service.GOVERNANCE);
        int threads = sts.path("spec").path("replicas").asInt() * Integer.parseInt(
                env(container(sts.path("spec").path("template").path("spec"), "governance")).get("KAFKA_NUM_STREAM_THREADS"));

        assertThat(threads).as("instances x threads; more would sit idle (one task per partition)")
                .isLessThanOrEqualTo(io.govstream.topology.Catalogue.load().topic("dispatch-requests").partitions());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.govstream.deploy.Rendered#valuesFiles")
    void givenAValuesFile_whenRendered_thenEveryKeyFileItPointsAtIsOneGovctlKeysInitMakes(String valuesFile) {
        Set<String> named = new java.util.TreeSet<>(Consistency.secretFilesNamed(Rendered.of(valuesFile).manifests().toString()));
        // The govctl Jobs read the admin client settings from govctl.adminSecret, copied beside the key files.
        assertThat(named.remove(io.govstream.cli.client.ClientFiles.ADMIN)).as("the Jobs read admin.properties owner-only").isTrue();
        // The verify CronJob reads the ledger as the read-only auditor, never as the admin.
        assertThat(named.remove(io.govstream.cli.client.ClientFiles.AUDITOR_PRINCIPAL + ".properties"))
                .as("the verify CronJob reads auditor.properties owner-only").isTrue();

        assertThat(named).isNotEmpty();
        assertThat(Consistency.keysInitFiles()).containsAll(named);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.govstream.deploy.Rendered#valuesFiles")
    void givenAValuesFile_whenRendered_thenGovernanceStreamsGetsTheKekFromASecretOfItsOwn_notBesideTheOtherKeyFiles(String valuesFile) {
        JsonNode pod = Rendered.of(valuesFile).workload(Service.GOVERNANCE).path("spec").path("template").path("spec");
        JsonNode governance = container(pod, "governance");
        JsonNode kekVariable = null;
        for (JsonNode e : governance.path("env")) {
            if (e.path("name").asText().equals(io.govstream.ledger.gdpr.EnvironmentKek.DEFAULT_VARIABLE)) {
                kekVariable = e;
            }
        }
        String keyFilesSecret = null;
        for (JsonNode volume : pod.path("volumes")) {
            if (volume.path("name").asText().equals("secrets-in")) {
                keyFilesSecret = volume.path("secret").path("secretName").asText();
            }
        }

        assertThat(env(governance)).containsEntry("GOVERNANCE_LEDGER_KEK", io.govstream.ledger.gdpr.EnvironmentKek.DEFAULT_URI);
        assertThat(kekVariable).as("GOVSTREAM_KEK").isNotNull();
        JsonNode ref = kekVariable.path("valueFrom").path("secretKeyRef");
        assertThat(ref.path("key").asText()).isEqualTo(io.govstream.cli.client.PlatformKek.FILE);
        assertThat(ref.path("name").asText()).isNotBlank().isNotEqualTo(keyFilesSecret);
        assertThat(pod.toString()).doesNotContain("/var/run/govstream/secrets/" + io.govstream.cli.client.PlatformKek.FILE);
    }

    static JsonNode container(JsonNode podSpec, String name) {
        for (JsonNode c : podSpec.path("containers")) {
            if (c.path("name").asText().equals(name)) {
                return c;
            }
        }
        throw new AssertionError("no container " + name + " in " + podSpec);
    }

    static Map<String, String> env(JsonNode container) {
        Map<String, String> env = new java.util.TreeMap<>();
        container.path("env").forEach(e -> env.put(e.path("name").asText(),
                e.has("value") ? e.path("value").asText() : "(from " + e.path("valueFrom").fieldNames().next() + ")"));
        return env;
    }
}
