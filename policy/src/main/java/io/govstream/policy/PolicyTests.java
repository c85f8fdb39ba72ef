package io.govstream.policy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.govstream.events.Effect;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Runs policy test files: each names the policy document it tests and lists cases, a request
 * (with state, flags and time) and the expected effect, deciding rule and a reason substring.
 * Reports pass/fail per case and the rules no case decided (coverage).
 *
 * <pre>
 * policy: ../default-dispatch.yaml          # relative to the test file
 * cases:
 *   - name: orbit may ask axon to reason
 *     given:
 *       request: {source: orbit, target: axon, intent: reason, subject: alice, tenant: acme,
 *                 payload: {question: why}, attributes: {environment: prod}}
 *       flags: {beta: true}                  # optional
 *       state: {}                            # optional, read by the state extension
 *       now: "2026-03-01T12:00:00Z"          # optional
 *     expect: {effect: PERMIT, rule: permit-orbit-axon-reason, reason: "may ask axon"}
 * </pre>
 *
 * Cases of a promotion set ({@code kind: promotion}) give the gate's facts instead of a request
 * ({@link PromotionCases}) and may expect PENDING.
 */
public final class PolicyTests {
    private static final Instant DEFAULT_NOW = Instant.parse("2026-01-01T12:00:00Z");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final PolicyEnvironment environment;

    public PolicyTests(PolicyEnvironment environment) {
        this.environment = Objects.requireNonNull(environment, "environment");
    }

    /** Runs every test file (a YAML file with top-level {@code cases}) in {@code dirOrFile}, recursively. */
    public Report run(Path dirOrFile) throws IOException {
        List<Path> files;
        if (Files.isDirectory(dirOrFile)) {
            try (Stream<Path> walk = Files.walk(dirOrFile)) {
                files = walk.filter(Files::isRegularFile).filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
                        .sorted().toList();
            }
        } else {
            files = List.of(dirOrFile);
        }
        List<FileResult> results = new ArrayList<>();
        for (Path file : files) {
            Map<String, Object> doc = load(file);
            if (doc != null && doc.containsKey("cases")) {
                results.add(runFile(file, doc));
            }
        }
        return new Report(results);
    }

    private FileResult runFile(Path file, Map<String, Object> doc) {
        Object policyRef = doc.get("policy");
        if (!(policyRef instanceof String ref) || ref.isBlank()) {
            return FileResult.broken(file, "missing 'policy: FILE' (the policy document this file tests)");
        }
        Path policyFile = file.toAbsolutePath().getParent().resolve(ref).normalize();
        PolicySet set;
        try {
            set = PolicyLoader.load(policyFile, environment);
        } catch (PolicyLoadException e) {
            return FileResult.broken(file, "policy " + policyFile + " does not load:\n" + e.getMessage());
        }
        Object caseNodes = doc.get("cases");
        if (!(caseNodes instanceof List<?> list)) {
            return FileResult.broken(file, "cases must be a list");
        }
        List<CaseResult> cases = IntStream.range(0, list.size()).mapToObj(i -> runCase(set, list.get(i), i + 1)).toList();
        Set<String> decided = cases.stream().map(CaseResult::actualRule).filter(Objects::nonNull).collect(Collectors.toSet());
        List<String> uncovered = set.rules().stream().map(PolicyRule::id).filter(id -> !decided.contains(id)).toList();
        return new FileResult(file, policyFile, set, cases, uncovered, null);
    }

    @SuppressWarnings("unchecked")
    private CaseResult runCase(PolicySet set, Object node, int position) {
        if (!(node instanceof Map<?, ?> raw)) {
            return new CaseResult("case #" + position, false, "a case must be a mapping (name, given, expect)", null, null);
        }
        Map<String, Object> c = (Map<String, Object>) raw;
        String name = c.get("name") == null ? "case #" + position : String.valueOf(c.get("name"));
        try {
            Map<String, Object> given = map(c.get("given"), "given");
            Map<String, Object> expect = map(c.get("expect"), "expect");
            Instant now = instant(given.get("now"));
            Verdict verdict;
            if (set.isPromotion()) {
                verdict = PromotionCases.verdict(set, given, now); // given.promotion, checks, approvals, deployedInSource
            } else {
                PolicyInput input = request(map(given.get("request"), "given.request"));
                Map<String, Object> values = new HashMap<>();
                for (PolicyExtension extension : environment.extensions()) {
                    values.putAll(extension.given(given));
                }
                verdict = set.evaluate(new PolicyContext(input, now, values));
            }
            List<String> mismatches = new ArrayList<>();
            Object effect = expect.get("effect");
            if (effect != null && !effect(effect).equals(verdict.effect())) {
                mismatches.add("effect " + verdict.effect() + ", expected " + effect);
            }
            Object rule = expect.get("rule");
            if (rule != null && !String.valueOf(rule).equals(verdict.ruleId())) {
                mismatches.add("rule " + verdict.ruleId() + ", expected " + rule);
            }
            Object reason = expect.get("reason");
            if (reason != null && !verdict.reason().contains(String.valueOf(reason))) {
                mismatches.add("reason \"" + verdict.reason() + "\" does not contain \"" + reason + "\"");
            }
            if (effect == null && rule == null && reason == null) {
                mismatches.add("expect names nothing to check (effect, rule, reason)");
            }
            return new CaseResult(name, mismatches.isEmpty(), String.join("; ", mismatches), verdict.ruleId(), verdict);
        } catch (IllegalArgumentException e) {
            return new CaseResult(name, false, e.getMessage(), null, null);
        }
    }

    private static Effect effect(Object expected) {
        return Arrays.stream(Effect.values()).filter(e -> e.name().equals(String.valueOf(expected))).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("expect.effect must be one of "
                        + Arrays.stream(Effect.values()).map(Effect::name).collect(Collectors.joining(", ")) + "; was " + expected));
    }

    private static PolicyInput request(Map<String, Object> r) {
        Object payload = r.get("payload");
        String payloadText;
        try {
            payloadText = payload == null ? "{}" : payload instanceof String s ? s : JSON.writeValueAsString(jsonSafe(payload));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("given.request.payload cannot be written as JSON: " + e.getOriginalMessage());
        }
        Map<String, String> attributes = new LinkedHashMap<>();
        map(r.getOrDefault("attributes", Map.of()), "given.request.attributes").forEach((k, v) -> attributes.put(k, String.valueOf(v)));
        return new PolicyInput(required(r, "given.request", "source"), required(r, "given.request", "target"),
                required(r, "given.request", "intent"), String.valueOf(r.getOrDefault("subject", "test-subject")),
                String.valueOf(r.getOrDefault("tenant", "default")), payloadText, attributes);
    }

    private static Object jsonSafe(Object value) {
        if (value instanceof Date date) {
            return date.toInstant().toString();
        }
        if (value instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, v) -> out.put(String.valueOf(k), jsonSafe(v)));
            return out;
        }
        if (value instanceof Collection<?> items) {
            return items.stream().map(PolicyTests::jsonSafe).toList();
        }
        return value;
    }

    /** {@code map.get(key)} as text; {@code where.key} is missing if it is null. */
    static String required(Map<String, Object> map, String where, String key) {
        Object value = map.get(key);
        if (value == null) {
            throw new IllegalArgumentException(where + "." + key + " is missing");
        }
        return String.valueOf(value);
    }

    private static Instant instant(Object value) {
        if (value == null) {
            return DEFAULT_NOW;
        }
        if (value instanceof Date date) {
            return date.toInstant();
        }
        try {
            return OffsetDateTime.parse(String.valueOf(value)).toInstant();
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("given.now '" + value + "' is not a timestamp like 2026-03-01T12:00:00Z");
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value, String what) {
        if (value == null) {
            return Map.of();
        }
        if (!(value instanceof Map<?, ?>)) {
            throw new IllegalArgumentException(what + " must be a mapping");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        ((Map<Object, Object>) value).forEach((k, v) -> out.put(String.valueOf(k), v));
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> load(Path file) throws IOException {
        try {
            Object doc = new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(file, StandardCharsets.UTF_8));
            return doc instanceof Map<?, ?> m ? (Map<String, Object>) m : null;
        } catch (YAMLException e) {
            throw new IOException(file + ": not valid YAML: " + e.getMessage(), e);
        }
    }

    /** All files' results. */
    public record Report(List<FileResult> files) {
        public boolean passed() {
            return !files.isEmpty() && files.stream().allMatch(FileResult::passed);
        }

        public long cases() {
            return files.stream().mapToLong(f -> f.cases().size()).sum();
        }

        public long failures() {
            return files.stream().mapToLong(f -> f.cases().stream().filter(c -> !c.passed()).count() + (f.error() != null ? 1 : 0)).sum();
        }
    }

    /** One test file: its policy, its cases, the rules no case decided; or why it could not run. */
    public record FileResult(Path file, Path policyFile, PolicySet policy, List<CaseResult> cases, List<String> uncoveredRules,
                             String error) {
        static FileResult broken(Path file, String error) {
            return new FileResult(file, null, null, List.of(), List.of(), error);
        }

        public boolean passed() {
            return error == null && cases.stream().allMatch(CaseResult::passed);
        }
    }

    /** One case: passed, or what differed; the rule that actually decided. */
    public record CaseResult(String name, boolean passed, String message, String actualRule, Verdict verdict) {
    }
}
