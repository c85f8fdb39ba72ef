package io.govstream.governance.policy;

import io.govstream.events.Effect;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Reads a policy set from YAML. Strict: unknown keys, unknown effects, missing or duplicate rule
 * ids are errors naming the file and the rule, so a typo never silently widens a policy.
 *
 * <pre>
 * id: default-dispatch
 * version: "1"
 * description: ...
 * defaultEffect: DENY
 * rules:
 *   - id: permit-orbit-axon-reason
 *     match: {source: orbit, target: axon, intent: [reason, heartbeat], tenant: "*"}
 *     effect: PERMIT
 *     reason: "orbit may ask axon to ${intent} for ${subject}"
 * </pre>
 */
public final class PolicyLoader {
    /** The policy set shipped with governance-streams. */
    public static final String DEFAULT_RESOURCE = "io/govstream/governance/policies/default-dispatch.yaml";

    private static final Set<String> TOP_KEYS = Set.of("id", "version", "description", "defaultEffect", "rules");
    private static final Set<String> RULE_KEYS = Set.of("id", "match", "effect", "reason");
    private static final Set<String> MATCH_KEYS = Set.of("source", "target", "intent", "tenant");

    private PolicyLoader() {
    }

    public static PolicySet load(Path file) {
        try {
            return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
        } catch (IOException e) {
            throw new PolicyLoadException(file + ": cannot read policy file: " + e.getMessage(), e);
        }
    }

    /** Loads a policy set from the classpath, e.g. {@link #DEFAULT_RESOURCE}. */
    public static PolicySet loadResource(String resource) {
        try (InputStream in = PolicyLoader.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new PolicyLoadException("classpath:" + resource + ": no such resource");
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "classpath:" + resource);
        } catch (IOException e) {
            throw new PolicyLoadException("classpath:" + resource + ": cannot read: " + e.getMessage(), e);
        }
    }

    public static PolicySet loadDefault() {
        return loadResource(DEFAULT_RESOURCE);
    }

    /** @param origin file name or other label used in error messages */
    public static PolicySet parse(String yaml, String origin) {
        Object document;
        try {
            document = new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
        } catch (YAMLException e) {
            throw new PolicyLoadException(origin + ": not valid YAML: " + e.getMessage(), e);
        }
        Map<String, Object> top = map(document, origin, "the document");
        unknownKeys(top, TOP_KEYS, origin, "the policy set");
        String id = requiredString(top, "id", origin, "the policy set");
        String version = requiredString(top, "version", origin, "policy set " + id);
        Object description = top.get("description");
        String defaultEffect = top.containsKey("defaultEffect") ? String.valueOf(top.get("defaultEffect")) : "DENY";
        if (!"DENY".equals(defaultEffect)) {
            throw new PolicyLoadException(origin + ": defaultEffect must be DENY (default deny), was '" + defaultEffect + "'");
        }
        Object rulesNode = top.get("rules");
        if (rulesNode != null && !(rulesNode instanceof List)) {
            throw new PolicyLoadException(origin + ": rules must be a list");
        }
        List<PolicyRule> rules = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        List<?> ruleNodes = rulesNode == null ? List.of() : (List<?>) rulesNode;
        for (int i = 0; i < ruleNodes.size(); i++) {
            String where = "rule #" + (i + 1);
            Map<String, Object> node = map(ruleNodes.get(i), origin, where);
            Object ruleId = node.get("id");
            if (ruleId == null || String.valueOf(ruleId).isBlank()) {
                throw new PolicyLoadException(origin + ": " + where + ": missing id");
            }
            String rid = String.valueOf(ruleId);
            where = "rule '" + rid + "'";
            Integer previous = seen.putIfAbsent(rid, i + 1);
            if (previous != null) {
                throw new PolicyLoadException(origin + ": duplicate rule id '" + rid + "' (rules #" + previous + " and #" + (i + 1) + ")");
            }
            unknownKeys(node, RULE_KEYS, origin, where);
            rules.add(new PolicyRule(rid, match(node.get("match"), origin, where), effect(node.get("effect"), origin, where),
                    reason(node, origin, where)));
        }
        return new PolicySet(id, version, description == null ? "" : String.valueOf(description), Effect.DENY, rules);
    }

    private static RuleMatch match(Object node, String origin, String where) {
        if (node == null) {
            return RuleMatch.ANY;
        }
        Map<String, Object> match = map(node, origin, where + " match");
        unknownKeys(match, MATCH_KEYS, origin, where + " match");
        return new RuleMatch(values(match, "source", origin, where), values(match, "target", origin, where),
                values(match, "intent", origin, where), values(match, "tenant", origin, where));
    }

    /** null = any value: absent, "*", or a list containing "*". */
    private static SortedSet<String> values(Map<String, Object> match, String key, String origin, String where) {
        Object value = match.get(key);
        if (value == null) {
            return null;
        }
        Collection<?> items = value instanceof Collection<?> c ? c : List.of(value);
        SortedSet<String> out = new TreeSet<>();
        for (Object item : items) {
            if (item == null || item instanceof Map || item instanceof Collection || String.valueOf(item).isBlank()) {
                throw new PolicyLoadException(origin + ": " + where + ": match." + key + " must be a string or a list of strings");
            }
            out.add(String.valueOf(item));
        }
        if (out.isEmpty()) {
            throw new PolicyLoadException(origin + ": " + where + ": match." + key + " is an empty list (would match nothing; use \"*\" for any)");
        }
        return out.contains("*") ? null : out;
    }

    private static Effect effect(Object node, String origin, String where) {
        if (node == null) {
            throw new PolicyLoadException(origin + ": " + where + ": missing effect (PERMIT or DENY)");
        }
        String effect = String.valueOf(node);
        if (effect.equals("PERMIT")) {
            return Effect.PERMIT;
        }
        if (effect.equals("DENY")) {
            return Effect.DENY;
        }
        throw new PolicyLoadException(origin + ": " + where + ": unknown effect '" + effect + "' (expected PERMIT or DENY)");
    }

    private static ReasonTemplate reason(Map<String, Object> node, String origin, String where) {
        String text = requiredString(node, "reason", origin, where);
        try {
            return ReasonTemplate.parse(text);
        } catch (IllegalArgumentException e) {
            throw new PolicyLoadException(origin + ": " + where + ": " + e.getMessage(), e);
        }
    }

    private static String requiredString(Map<String, Object> node, String key, String origin, String where) {
        Object value = node.get(key);
        if (value == null || value instanceof Map || value instanceof Collection || String.valueOf(value).isBlank()) {
            throw new PolicyLoadException(origin + ": " + where + ": missing " + key);
        }
        return String.valueOf(value);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object node, String origin, String where) {
        if (!(node instanceof Map)) {
            throw new PolicyLoadException(origin + ": " + where + " must be a mapping");
        }
        return (Map<String, Object>) node;
    }

    private static void unknownKeys(Map<String, Object> node, Set<String> known, String origin, String where) {
        for (Object key : node.keySet()) {
            if (!known.contains(String.valueOf(key))) {
                throw new PolicyLoadException(origin + ": " + where + ": unknown key '" + key + "' (known: "
                        + String.join(", ", new TreeSet<>(known)) + ")");
            }
        }
    }
}
