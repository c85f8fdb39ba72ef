package io.govstream.cli.observability;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The shipped Prometheus assets as promtool sees them: the config and rules are valid, the
 * rule unit tests pass (each alert fires on its failure and stays quiet when healthy), and
 * every alert has a runbook with the sections an on-call engineer needs.
 */
class PrometheusRulesTest {

    @Test
    void givenTheRepoRuleFiles_whenGovctlPackagesThem_thenTheListIsComplete() {
        assertThat(ObservabilityAssets.ruleFiles()).extracting(p -> p.getFileName().toString())
                .containsExactlyInAnyOrderElementsOf(io.govstream.cli.platform.LocalPrometheus.RULE_FILES);
        for (String file : io.govstream.cli.platform.LocalPrometheus.RULE_FILES) {
            assertThat(getClass().getClassLoader().getResource("io/govstream/cli/prometheus/rules/" + file)).as(file).isNotNull();
        }
    }

    @Test
    void givenTheShippedConfig_whenCheckedByPromtool_thenItAndItsRuleFilesAreValid() throws Exception {
        Promtool.Result result = Promtool.run("check", "config", ObservabilityAssets.DEPLOY.resolve("prometheus/prometheus.yml").toString());
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("SUCCESS: 2 rule files found");
    }

    @Test
    void givenTheRuleFiles_whenCheckedByPromtool_thenEveryRuleIsValid() throws Exception {
        List<String> args = new java.util.ArrayList<>(List.of("check", "rules"));
        ObservabilityAssets.ruleFiles().forEach(p -> args.add(p.toString()));
        Promtool.Result result = Promtool.run(args.toArray(String[]::new));
        assertThat(result.exitCode()).as(result.output()).isZero();
    }

    @Test
    void givenTheRuleUnitTests_whenRunByPromtool_thenEveryAlertFiresOnItsFailureAndStaysQuietWhenHealthy() throws Exception {
        List<String> args = new java.util.ArrayList<>(List.of("test", "rules"));
        try (Stream<Path> tests = Files.list(ObservabilityAssets.RULE_TESTS)) {
            tests.filter(p -> p.toString().endsWith(".yml")).sorted().forEach(p -> args.add(p.toString()));
        }
        assertThat(args).hasSizeGreaterThan(2);
        Promtool.Result result = Promtool.run(args.toArray(String[]::new));
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("SUCCESS");
    }

    @Test
    void givenEveryAlert_whenItsTestsAreRead_thenItHasAFiringAndAQuietCase() throws Exception {
        StringBuilder tests = new StringBuilder();
        try (Stream<Path> files = Files.list(ObservabilityAssets.RULE_TESTS)) {
            files.forEach(p -> tests.append(ObservabilityAssets.read(p)));
        }
        for (String alert : ObservabilityAssets.alerts().keySet()) {
            String firing = "alertname: " + alert + "\n    exp_alerts:\n    - exp_labels:";
            String quiet = "alertname: " + alert + "\n    exp_alerts: []";
            assertThat(tests.toString()).as("a test where %s fires", alert).contains(firing);
            assertThat(tests.toString()).as("a test where %s stays quiet", alert).contains(quiet);
        }
    }

    @Test
    void givenEveryAlert_whenItsRunbookIsOpened_thenItExistsWithSymptomChecksCausesResolutionAndEscalation() {
        Map<String, Map<String, Object>> alerts = ObservabilityAssets.alerts();
        assertThat(alerts).hasSizeGreaterThanOrEqualTo(12);
        for (Map.Entry<String, Map<String, Object>> alert : alerts.entrySet()) {
            @SuppressWarnings("unchecked")
            Map<String, String> annotations = (Map<String, String>) alert.getValue().get("annotations");
            assertThat(annotations).as(alert.getKey()).containsKeys("summary", "description");
            assertThat(annotations.get("runbook_url")).as(alert.getKey()).isEqualTo("docs/runbooks/" + alert.getKey() + ".md");
            Path runbook = ObservabilityAssets.RUNBOOKS.resolve(alert.getKey() + ".md");
            assertThat(runbook).as("runbook of " + alert.getKey()).exists();
            assertThat(ObservabilityAssets.read(runbook))
                    .contains("## Symptom", "## Checks", "## Causes", "## Resolution", "## Escalation");
            @SuppressWarnings("unchecked")
            Map<String, String> labels = (Map<String, String>) alert.getValue().get("labels");
            assertThat(labels.get("severity")).as(alert.getKey()).isIn("page", "ticket");
        }
    }

    @Test
    void givenAPromqlExpression_whenItsMetricNamesAreExtracted_thenFunctionsLabelsAndKeywordsAreLeftOut() {
        assertThat(ObservabilityAssets.metricNames(
                "histogram_quantile(0.95, sum by (le, effect) (rate(governance_decision_latency_seconds_bucket{job=\"x\",le!=\"1\"}[$__rate_interval])))"))
                .containsExactly("governance_decision_latency_seconds_bucket");
        assertThat(ObservabilityAssets.metricNames(
                "(sum(rate(a_total[5m])) or vector(0)) / on() sum(b_total offset 1h) > 1e3 and c:recorded:rate5m unless up == 0"))
                .containsExactlyInAnyOrder("a_total", "b_total", "c:recorded:rate5m", "up");
    }
}
