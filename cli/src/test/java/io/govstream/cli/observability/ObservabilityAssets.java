package io.govstream.cli.observability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.yaml.snakeyaml.Yaml;

/** The shipped Prometheus rules and Grafana dashboards, and the metric names their queries use. */
final class ObservabilityAssets {
    static final Path DEPLOY = locateDeploy();
    static final Path RULES = DEPLOY.resolve("prometheus/rules");
    static final Path RULE_TESTS = DEPLOY.resolve("prometheus/tests");
    static final Path DASHBOARDS = DEPLOY.resolve("grafana/dashboards");
    static final Path RUNBOOKS = DEPLOY.getParent().resolve("docs/runbooks");

    private static final Set<String> NOT_METRICS = Set.of("and", "or", "unless", "bool", "offset", "inf", "nan", "by",
            "without", "on", "ignoring", "group_left", "group_right", "le");
    private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*(\\s*\\()?");

    private ObservabilityAssets() {
    }

    private static Path locateDeploy() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("deploy/prometheus"))) {
                return dir.resolve("deploy");
            }
        }
        throw new IllegalStateException("no deploy/prometheus above " + Path.of("").toAbsolutePath());
    }

    static List<Path> ruleFiles() {
        return list(RULES, ".yml");
    }

    static List<Path> dashboards() {
        return list(DASHBOARDS, ".json");
    }

    private static List<Path> list(Path dir, String suffix) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.toString().endsWith(suffix)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every rule of every rule file, as parsed YAML maps. */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> rules() {
        List<Map<String, Object>> rules = new ArrayList<>();
        for (Path file : ruleFiles()) {
            Map<String, Object> doc = new Yaml().load(read(file));
            for (Map<String, Object> group : (List<Map<String, Object>>) doc.get("groups")) {
                rules.addAll((List<Map<String, Object>>) group.get("rules"));
            }
        }
        return rules;
    }

    static Map<String, Map<String, Object>> alerts() {
        Map<String, Map<String, Object>> alerts = new LinkedHashMap<>();
        rules().stream().filter(r -> r.containsKey("alert")).forEach(r -> alerts.put((String) r.get("alert"), r));
        return alerts;
    }

    static Set<String> recordedNames() {
        Set<String> names = new TreeSet<>();
        rules().stream().filter(r -> r.containsKey("record")).forEach(r -> names.add((String) r.get("record")));
        return names;
    }

    /** Every PromQL expression of the rules and the dashboards, with where it comes from. */
    static Map<String, String> expressions() {
        Map<String, String> exprs = new LinkedHashMap<>();
        for (Map<String, Object> rule : rules()) {
            exprs.put("rule " + rule.getOrDefault("record", rule.get("alert")), (String) rule.get("expr"));
        }
        ObjectMapper json = new ObjectMapper();
        for (Path file : dashboards()) {
            try {
                for (JsonNode panel : json.readTree(file.toFile()).path("panels")) {
                    for (JsonNode target : panel.path("targets")) {
                        exprs.put(file.getFileName() + " panel '" + panel.path("title").asText() + "' " + target.path("refId").asText(),
                                target.path("expr").asText());
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return exprs;
    }

    /**
     * The metric names a PromQL expression selects, roughly: identifiers that are not functions,
     * aggregations, keywords, label names (in matchers and by/without/on lists) or strings.
     */
    static Set<String> metricNames(String expr) {
        String s = expr.replaceAll("\"(\\\\.|[^\"\\\\])*\"", "\"\"")
                .replaceAll("\\{[^}]*}", " ")
                .replaceAll("\\[[^\\]]*]", " ")
                .replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ")
                .replaceAll("\\boffset\\s+\\S+", " ")
                .replaceAll("(?<![a-zA-Z0-9_:])\\d+(\\.\\d+)?([eE][+-]?\\d+)?", " ");
        Set<String> names = new TreeSet<>();
        Matcher m = IDENTIFIER.matcher(s);
        while (m.find()) {
            if (m.group(1) == null && !NOT_METRICS.contains(m.group().toLowerCase())) {
                names.add(m.group());
            }
        }
        return names;
    }

    /**
     * Metrics the rules or dashboards use that no govstream process exports yet, each with the
     * reason: deploy/prometheus/not-yet-exported.txt ({@code name  # reason}).
     */
    static Map<String, String> notYetExported() {
        Map<String, String> names = new LinkedHashMap<>();
        for (String line : read(DEPLOY.resolve("prometheus/not-yet-exported.txt")).split("\n")) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            int hash = trimmed.indexOf('#');
            if (hash < 0) {
                throw new IllegalStateException("not-yet-exported.txt: every name needs a reason after '#': " + trimmed);
            }
            names.put(trimmed.substring(0, hash).strip(), trimmed.substring(hash + 1).strip());
        }
        return names;
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
