package io.govstream.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.marcnuri.helm.Helm;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/** The chart rendered by the real Helm (helm-java) for one values file, cached per run. */
record Rendered(String valuesFile, List<JsonNode> manifests) {
    static final Path CHART = Repo.path("deploy/helm/govstream");
    static final List<String> VALUES_FILES = List.of("values.yaml", "values-dev.yaml", "values-staging.yaml", "values-production.yaml");
    private static final Map<String, Rendered> CACHE = new ConcurrentHashMap<>();

    /**
     * helm template's output for the values file, with the topology-apply Job rendered as a plain
     * Job: Helm keeps hooks out of the release manifest that helm-java returns, and the Job is to
     * be checked like every other manifest.
     */
    static Rendered of(String valuesFile) {
        return CACHE.computeIfAbsent(valuesFile, f -> render(f, false));
    }

    /** The release manifest as Helm installs it, hooks apart. */
    static Rendered withHooks(String valuesFile) {
        return render(valuesFile, true);
    }

    private static Rendered render(String valuesFile, boolean hooks) {
        return render(valuesFile, Map.of("topologyApply.asHook", hooks));
    }

    /** A values file with some values set as {@code helm --set} sets them (not cached). */
    static Rendered render(String valuesFile, Map<String, Object> set) {
        var template = new Helm(CHART).template()
                .withName("gs")
                .withNamespace("govstream")
                .withKubeVersion("1.30.0")
                .withValuesFile(CHART.resolve(valuesFile));
        set.forEach(template::set);
        return new Rendered(valuesFile, Repo.yamlDocuments(template.call()));
    }

    static Stream<String> valuesFiles() {
        return VALUES_FILES.stream();
    }

    List<JsonNode> ofKind(String kind) {
        return manifests.stream().filter(m -> m.path("kind").asText().equals(kind)).toList();
    }

    /** The pod specs of every workload (Deployment, StatefulSet, Job, CronJob) with the workload's kind/name. */
    List<Map.Entry<String, JsonNode>> podSpecs() {
        List<Map.Entry<String, JsonNode>> specs = new ArrayList<>();
        for (JsonNode m : manifests) {
            String id = m.path("kind").asText() + "/" + m.path("metadata").path("name").asText();
            switch (m.path("kind").asText()) {
                case "Deployment", "StatefulSet", "Job" -> specs.add(Map.entry(id, m.path("spec").path("template").path("spec")));
                case "CronJob" -> specs.add(Map.entry(id, m.path("spec").path("jobTemplate").path("spec").path("template").path("spec")));
                default -> { }
            }
        }
        return specs;
    }

    /** The workload of a service component (its container is named after the component). */
    JsonNode workload(Service service) {
        return manifests.stream()
                .filter(m -> m.path("kind").asText().matches("Deployment|StatefulSet"))
                .filter(m -> m.path("metadata").path("labels").path("app.kubernetes.io/component").asText().equals(service.key))
                .findFirst().orElse(null);
    }
}
