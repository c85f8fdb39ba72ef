package io.govstream.policy;

import io.govstream.events.Effect;
import java.io.StringReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * One parse of a policy document ({@link PolicyLoader} is the entry point): walks the YAML node
 * tree, collecting every problem with its line and rule id, and compiles the conditions.
 */
final class PolicyParser {
    /** Where problems go: line (1-based, 0 unknown) and message. */
    interface Problems {
        void add(int line, String message);
    }

    private static final Set<String> TOP_KEYS = Set.of("id", "kind", "version", "tenant", "description", "defaultEffect", "rules");
    private static final Set<String> RULE_KEYS = Set.of("id", "match", "when", "effect", "reason", "obligations");
    private static final Set<String> MATCH_KEYS = Set.of("source", "target", "intent", "tenant", "dataClass", "environment");
    private static final Set<String> PROMOTION_MATCH_KEYS = Set.of("from", "to", "action", "tenant"); // → source, target, intent
    private static final Set<String> OBLIGATION_KEYS = Set.of("escalation", "promotion");
    private static final Set<String> ESCALATION_KEYS = Set.of("approvals", "timeout");
    private final String origin;
    private final PolicyEnvironment environment;
    private final List<PolicyProblem> problems = new ArrayList<>();
    private boolean promotion;

    PolicyParser(String origin, PolicyEnvironment environment) {
        this.origin = origin;
        this.environment = environment;
    }

    /** What the last {@link #parse} found wrong, in document order. */
    List<PolicyProblem> problems() {
        return problems;
    }

    PolicySet parse(String yaml) {
        if (yaml == null) {
            problem(0, null, "no policy document (null)");
            return null;
        }
        Node document;
        try {
            document = new Yaml(new SafeConstructor(new LoaderOptions())).compose(new StringReader(yaml));
        } catch (MarkedYAMLException e) {
            int line = e.getProblemMark() != null ? e.getProblemMark().getLine() + 1 : 0;
            problem(line, null, "not valid YAML: " + e.getProblem());
            return null;
        } catch (YAMLException | IllegalArgumentException e) {
            // SnakeYAML throws an IllegalArgumentException, not a YAMLException, for some malformed tags (e.g. "!q%A").
            problem(0, null, "not valid YAML: " + e.getMessage());
            return null;
        }
        if (!(document instanceof MappingNode top)) {
            problem(line(document), null, "the document must be a mapping (id, version, rules, ...)");
            return null;
        }
        Map<String, NodeTuple> keys = keys(top, TOP_KEYS, null, "the policy set");
        String id = string(keys, "id", true);
        if (id != null && !PolicyLoader.ID.matcher(id).matches()) {
            problem(valueLine(keys, "id"), null, "id '" + id + "' must match " + PolicyLoader.ID.pattern());
        }
        String kind = string(keys, "kind", false);
        promotion = PolicySet.PROMOTION.equals(kind);
        if (kind != null && !promotion && !PolicySet.DISPATCH.equals(kind)) {
            problem(valueLine(keys, "kind"), null, "kind must be dispatch (the default) or promotion, was '" + kind + "'");
        }
        String version = string(keys, "version", false);
        String tenant = string(keys, "tenant", false);
        if (tenant != null && !PolicySet.GLOBAL.equals(tenant) && !PolicyLoader.TENANT.matcher(tenant).matches()) {
            problem(valueLine(keys, "tenant"), null, "tenant '" + tenant + "' must match " + PolicyLoader.TENANT.pattern() + " (or be absent for a global set)");
        }
        String description = string(keys, "description", false);
        String defaultEffect = string(keys, "defaultEffect", false);
        if (defaultEffect != null && !"DENY".equals(defaultEffect)) {
            problem(valueLine(keys, "defaultEffect"), null, "defaultEffect must be DENY (default deny), was '" + defaultEffect + "'");
        }
        List<PolicyRule> rules = new ArrayList<>();
        NodeTuple rulesTuple = keys.get("rules");
        if (rulesTuple != null && !isNull(rulesTuple.getValueNode())) {
            if (rulesTuple.getValueNode() instanceof SequenceNode sequence) {
                Map<String, Integer> seen = new HashMap<>();
                List<Node> items = sequence.getValue();
                for (int i = 0; i < items.size(); i++) {
                    PolicyRule rule = rule(items.get(i), i + 1, seen, tenant);
                    if (rule != null) {
                        rules.add(rule);
                    }
                }
            } else {
                problem(line(rulesTuple.getValueNode()), null, "rules must be a list");
            }
        }
        if (!problems.isEmpty()) {
            return null;
        }
        return new PolicySet(id, version == null ? PolicyLoader.UNPUBLISHED : version, tenant, description, Effect.DENY, rules,
                promotion ? PolicySet.PROMOTION : PolicySet.DISPATCH);
    }

    private PolicyRule rule(Node node, int position, Map<String, Integer> seen, String setTenant) {
        int line = line(node);
        if (!(node instanceof MappingNode mapping)) {
            problem(line, null, "rule #" + position + " must be a mapping");
            return null;
        }
        Map<String, NodeTuple> keys = entries(mapping, Set.of(), null, (l, m) -> { }); // keys checked (and reported) once the id is known
        String id = scalar(keys.get("id"));
        if (id == null || id.isBlank()) {
            problem(line, null, "rule #" + position + ": missing id");
            return null;
        }
        Integer previous = seen.putIfAbsent(id, position);
        if (previous != null) {
            problem(line, id, "duplicate rule id '" + id + "' (rules #" + previous + " and #" + position + ")");
            return null;
        }
        int before = problems.size();
        keys(mapping, RULE_KEYS, id, "rule");
        RuleMatch match = match(keys.get("match"), id, setTenant);
        Effect effect = effect(keys.get("effect"), id, line);
        ReasonTemplate reason = reason(keys, id, line);
        Condition when = condition(keys.get("when"), id);
        Obligations obligations = obligations(keys.get("obligations"), id);
        if (effect == Effect.ESCALATE && obligations != null && obligations.escalation() == null) {
            problem(line, id, "an ESCALATE rule needs obligations.escalation (approvals per role and a timeout)");
        }
        if (effect != null && effect != Effect.ESCALATE && obligations != null && obligations.escalation() != null) {
            problem(line(keys.get("obligations").getValueNode()), id, "obligations.escalation only applies to an ESCALATE rule, this one is " + effect);
        }
        if (obligations != null && obligations.promotion() != null && (!promotion || effect != Effect.PERMIT)) {
            problem(line, id, "obligations.promotion only applies to a PERMIT rule of a promotion set (kind: promotion)");
        }
        if (promotion && effect == Effect.ESCALATE) {
            problem(line, id, "a promotion set has no ESCALATE: a PERMIT rule's obligations.promotion names the approvals");
        }
        if (problems.size() > before) {
            return null;
        }
        return new PolicyRule(id, match, when, effect, reason, obligations, line);
    }

    private RuleMatch match(NodeTuple tuple, String ruleId, String setTenant) {
        if (tuple == null || isNull(tuple.getValueNode())) {
            return RuleMatch.ANY;
        }
        if (!(tuple.getValueNode() instanceof MappingNode mapping)) {
            problem(line(tuple.getValueNode()), ruleId, "match must be a mapping");
            return RuleMatch.ANY;
        }
        Map<String, NodeTuple> keys = keys(mapping, promotion ? PROMOTION_MATCH_KEYS : MATCH_KEYS, ruleId, "match");
        SortedSet<String> tenants = values(keys.get("tenant"), "tenant", ruleId);
        if (setTenant != null && !PolicySet.GLOBAL.equals(setTenant) && tenants != null && !tenants.contains(setTenant)) {
            problem(valueLine(keys, "tenant"), ruleId, "match.tenant " + tenants + " can never match: the set is scoped to tenant " + setTenant);
        }
        String source = promotion ? "from" : "source", target = promotion ? "to" : "target", intent = promotion ? "action" : "intent";
        return new RuleMatch(values(keys.get(source), source, ruleId), values(keys.get(target), target, ruleId),
                values(keys.get(intent), intent, ruleId), tenants, values(keys.get("dataClass"), "dataClass", ruleId),
                values(keys.get("environment"), "environment", ruleId));
    }

    /** null = any value: absent, "*", or a list containing "*". */
    private SortedSet<String> values(NodeTuple tuple, String key, String ruleId) {
        if (tuple == null || isNull(tuple.getValueNode())) {
            return null;
        }
        Node value = tuple.getValueNode();
        List<Node> items = value instanceof SequenceNode s ? s.getValue() : List.of(value);
        SortedSet<String> out = new TreeSet<>();
        for (Node item : items) {
            String text = item instanceof ScalarNode && !isNull(item) ? ((ScalarNode) item).getValue() : null;
            if (text == null || text.isBlank()) {
                problem(line(item), ruleId, "match." + key + " must be a string or a list of strings");
                return null;
            }
            out.add(text);
        }
        if (out.isEmpty()) {
            problem(line(value), ruleId, "match." + key + " is an empty list (would match nothing; use \"*\" for any)");
            return null;
        }
        return out.contains("*") ? null : out;
    }

    private Effect effect(NodeTuple tuple, String ruleId, int ruleLine) {
        String effect = scalar(tuple);
        if (effect == null) {
            problem(ruleLine, ruleId, "missing effect (PERMIT, DENY or ESCALATE)");
            return null;
        }
        return switch (effect) {
            case "PERMIT" -> Effect.PERMIT;
            case "DENY" -> Effect.DENY;
            case "ESCALATE" -> Effect.ESCALATE;
            default -> {
                problem(line(tuple.getValueNode()), ruleId, "unknown effect '" + effect + "' (expected PERMIT, DENY or ESCALATE)");
                yield null;
            }
        };
    }

    private ReasonTemplate reason(Map<String, NodeTuple> keys, String ruleId, int ruleLine) {
        String text = scalar(keys.get("reason"));
        if (text == null || text.isBlank()) {
            problem(ruleLine, ruleId, "missing reason");
            return null;
        }
        try {
            return ReasonTemplate.parse(text);
        } catch (IllegalArgumentException e) {
            problem(valueLine(keys, "reason"), ruleId, e.getMessage());
            return null;
        }
    }

    private Condition condition(NodeTuple tuple, String ruleId) {
        if (tuple == null || isNull(tuple.getValueNode())) {
            return null;
        }
        Node node = tuple.getValueNode();
        // Trailing newlines of a block scalar are layout, not expression: without them an error at the end points into it.
        String expression = node instanceof ScalarNode s ? s.getValue().stripTrailing() : null;
        if (expression == null || expression.isBlank()) {
            problem(line(node), ruleId, "when must be a CEL expression (a string)");
            return null;
        }
        PolicyEnvironment.Compiled compiled = environment.compile(expression);
        if (!compiled.ok()) {
            // A block scalar (when: | or >) starts on the line after its indicator.
            ScalarNode scalar = (ScalarNode) node;
            int first = line(node) + (scalar.getScalarStyle() == DumperOptions.ScalarStyle.LITERAL
                    || scalar.getScalarStyle() == DumperOptions.ScalarStyle.FOLDED ? 1 : 0);
            for (PolicyEnvironment.Issue issue : compiled.issues()) {
                problem(first + Math.max(0, issue.line() - 1), ruleId, "when: " + issue.message()
                        + " (condition line " + issue.line() + ", column " + issue.column() + ")");
            }
            return null;
        }
        if (promotion && compiled.reads().contains(StateExtension.VARIABLE)) {
            // The gate runs in the task of the service's partition: its state is not the tenant's counts.
            problem(line(node), ruleId, "when: a promotion rule cannot read state (the deployment gate does not see the tenant's "
                    + "counts; flags it can read)");
            return null;
        }
        return compiled.condition();
    }

    private Obligations obligations(NodeTuple tuple, String ruleId) {
        if (tuple == null || isNull(tuple.getValueNode())) {
            return Obligations.NONE;
        }
        if (!(tuple.getValueNode() instanceof MappingNode mapping)) {
            problem(line(tuple.getValueNode()), ruleId, "obligations must be a mapping");
            return null;
        }
        Map<String, NodeTuple> keys = keys(mapping, OBLIGATION_KEYS, ruleId, "obligations");
        NodeTuple escalation = keys.get("escalation");
        if (keys.containsKey("promotion")) {
            PromotionObligations gate = PromotionObligationsParser.parse(keys.get("promotion").getValueNode(),
                    (line, message) -> problem(line, ruleId, message));
            if (escalation != null) {
                problem(line(mapping), ruleId, "obligations: escalation and promotion exclude each other");
            }
            return gate == null || escalation != null ? null : new Obligations(null, gate);
        }
        if (escalation == null || isNull(escalation.getValueNode())) {
            return Obligations.NONE;
        }
        if (!(escalation.getValueNode() instanceof MappingNode e)) {
            problem(line(escalation.getValueNode()), ruleId, "obligations.escalation must be a mapping (approvals, timeout)");
            return null;
        }
        Map<String, NodeTuple> ek = keys(e, ESCALATION_KEYS, ruleId, "obligations.escalation");
        int before = problems.size();
        Map<String, Integer> approvals = Map.of();
        NodeTuple approvalsTuple = ek.get("approvals");
        if (approvalsTuple == null || !(approvalsTuple.getValueNode() instanceof MappingNode roles) || roles.getValue().isEmpty()) {
            problem(approvalsTuple == null ? line(e) : line(approvalsTuple.getValueNode()), ruleId,
                    "obligations.escalation.approvals must map each role to the number of approvals it must give, e.g. {devops: 2}");
        } else {
            approvals = counts(roles, 4, "obligations.escalation.approvals", "approvals", (line, message) -> problem(line, ruleId, message));
        }
        Duration timeout = null;
        String timeoutText = scalar(ek.get("timeout"));
        if (timeoutText == null) {
            problem(line(e), ruleId, "obligations.escalation.timeout is missing (e.g. 1h): an escalation nobody answers must end");
        } else {
            try {
                timeout = PolicyLoader.duration(timeoutText);
                if (timeout.isZero() || timeout.isNegative()) {
                    problem(valueLine(ek, "timeout"), ruleId, "obligations.escalation.timeout must be positive, was " + timeoutText);
                }
            } catch (IllegalArgumentException ex) {
                problem(valueLine(ek, "timeout"), ruleId, "obligations.escalation.timeout: " + ex.getMessage());
            }
        }
        return problems.size() > before ? null : new Obligations(new Obligations.Escalation(approvals, timeout), null);
    }

    /**
     * Role → count of a mapping such as {@code {devops: 2}}; a role whose count is not a whole number from 1 to the largest
     * of {@code digits} digits is a problem of {@code where.<role>}, a number of {@code unit}.
     */
    static Map<String, Integer> counts(MappingNode roles, int digits, String where, String unit, Problems problems) {
        Map<String, Integer> out = new TreeMap<>();
        for (NodeTuple role : roles.getValue()) {
            String name = scalar(role.getKeyNode());
            String count = scalar(role.getValueNode());
            if (name == null || name.isBlank() || count == null || !count.matches("\\d{1," + digits + "}") || Integer.parseInt(count) < 1) {
                problems.add(line(role.getValueNode()), where + "." + name + " must be a whole number of " + unit + " from 1 to "
                        + "9".repeat(digits) + ", was '" + count + "'");
            } else {
                out.put(name, Integer.parseInt(count));
            }
        }
        return out;
    }

    /** {@link #entries}, each problem of rule {@code ruleId} (null: of the set). */
    private Map<String, NodeTuple> keys(MappingNode mapping, Set<String> known, String ruleId, String where) {
        return entries(mapping, known, where, (line, message) -> problem(line, ruleId, message));
    }

    /**
     * The mapping's entries by key, in document order; keys that are not plain strings are problems, and so are unknown and
     * duplicate keys when {@code known} is not empty. {@code where} (may be null) starts each message.
     */
    static Map<String, NodeTuple> entries(MappingNode mapping, Set<String> known, String where, Problems problems) {
        String prefix = where == null ? "" : where + ": ";
        Map<String, NodeTuple> out = new LinkedHashMap<>();
        for (NodeTuple tuple : mapping.getValue()) {
            String key = scalar(tuple.getKeyNode());
            if (key == null) {
                // "? [a, b]: x", "~: x": a key that is not a plain string (found by PolicyYamlFuzzTest)
                problems.add(line(tuple.getKeyNode()), prefix + "keys must be plain strings");
            } else if (known.isEmpty()) {
                out.putIfAbsent(key, tuple);
            } else if (!known.contains(key)) {
                problems.add(line(tuple.getKeyNode()), prefix + "unknown key '" + key + "' (known: "
                        + String.join(", ", new TreeSet<>(known)) + ")");
            } else if (out.putIfAbsent(key, tuple) != null) {
                problems.add(line(tuple.getKeyNode()), prefix + "duplicate key '" + key + "'");
            }
        }
        return out;
    }

    private String string(Map<String, NodeTuple> keys, String key, boolean required) {
        NodeTuple tuple = keys.get(key);
        if (tuple == null || isNull(tuple.getValueNode())) {
            if (required) {
                problem(0, null, "missing " + key);
            }
            return null;
        }
        String value = scalar(tuple.getValueNode());
        if (value == null || value.isBlank()) {
            problem(line(tuple.getValueNode()), null, key + " must be a non-blank string");
            return null;
        }
        return value;
    }

    private int valueLine(Map<String, NodeTuple> keys, String key) {
        NodeTuple tuple = keys.get(key);
        return tuple == null ? 0 : line(tuple.getValueNode());
    }

    private void problem(int line, String ruleId, String message) {
        problems.add(new PolicyProblem(origin, line, ruleId, message));
    }

    private static String scalar(NodeTuple tuple) {
        return tuple == null ? null : scalar(tuple.getValueNode());
    }

    static String scalar(Node node) {
        return node instanceof ScalarNode s && !isNull(node) ? s.getValue() : null;
    }

    static boolean isNull(Node node) {
        return node == null || Tag.NULL.equals(node.getTag());
    }

    static int line(Node node) {
        return node == null ? 0 : node.getStartMark().getLine() + 1;
    }
}
