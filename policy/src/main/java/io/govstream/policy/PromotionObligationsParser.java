package io.govstream.policy;

import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads {@code obligations.promotion} of a promotion rule, reporting every problem with its line:
 *
 * <pre>
 * promotion:
 *   checks: [integration, load, security-scan]
 *   approvals: {devops: 2, security: 1}
 *   soak: 24h
 *   freeze:
 *     - {name: weekend, cron: "0 18 * * FRI", duration: 62h, zone: Europe/Berlin}
 *   health: {maxErrorRate: 0.05, maxLatencyP99Ms: 800, watch: 30m}
 * </pre>
 */
final class PromotionObligationsParser {
    private static final Set<String> KEYS = Set.of("checks", "approvals", "soak", "freeze", "health");
    private static final Set<String> FREEZE_KEYS = Set.of("name", "cron", "duration", "zone");
    private static final Set<String> HEALTH_KEYS = Set.of("maxErrorRate", "maxLatencyP99Ms", "watch");

    private final PolicyParser.Problems problems;
    private int count;

    private PromotionObligationsParser(PolicyParser.Problems problems) {
        this.problems = (line, message) -> {
            count++;
            problems.add(line, message);
        };
    }

    /** @return the obligations, or null if any problem was reported */
    static PromotionObligations parse(Node node, PolicyParser.Problems problems) {
        return new PromotionObligationsParser(problems).parse(node);
    }

    private PromotionObligations parse(Node node) {
        if (!(node instanceof MappingNode mapping)) {
            problems.add(PolicyParser.line(node), "obligations.promotion must be a mapping (checks, approvals, soak, freeze, health)");
            return null;
        }
        Map<String, Node> keys = keys(mapping, KEYS, "obligations.promotion");
        List<String> checks = strings(keys.get("checks"), "obligations.promotion.checks");
        Map<String, Integer> approvals = approvals(keys.get("approvals"));
        Duration soak = duration(keys.get("soak"), "obligations.promotion.soak", true);
        List<PromotionObligations.FreezeWindow> freezes = freezes(keys.get("freeze"));
        PromotionObligations.Health health = health(keys.get("health"));
        return count > 0 ? null : new PromotionObligations(checks, approvals, soak, freezes, health);
    }

    private List<String> strings(Node node, String where) {
        List<String> out = new ArrayList<>();
        if (PolicyParser.isNull(node)) {
            return out;
        }
        if (!(node instanceof SequenceNode sequence)) {
            problems.add(PolicyParser.line(node), where + " must be a list of check kinds, e.g. [smoke]");
            return out;
        }
        for (Node item : sequence.getValue()) {
            String text = PolicyParser.scalar(item);
            if (text == null || text.isBlank()) {
                problems.add(PolicyParser.line(item), where + " items must be non-blank strings");
            } else if (out.contains(text)) {
                problems.add(PolicyParser.line(item), where + " names '" + text + "' twice");
            } else {
                out.add(text);
            }
        }
        return out;
    }

    private Map<String, Integer> approvals(Node node) {
        if (PolicyParser.isNull(node)) {
            return Map.of();
        }
        if (!(node instanceof MappingNode roles)) {
            problems.add(PolicyParser.line(node), "obligations.promotion.approvals must map each role to a number of approvers, e.g. {devops: 2}");
            return Map.of();
        }
        return PolicyParser.counts(roles, 3, "obligations.promotion.approvals", "approvers", problems);
    }

    private List<PromotionObligations.FreezeWindow> freezes(Node node) {
        List<PromotionObligations.FreezeWindow> out = new ArrayList<>();
        if (PolicyParser.isNull(node)) {
            return out;
        }
        List<Node> items = node instanceof SequenceNode s ? s.getValue() : List.of(node);
        for (Node item : items) {
            if (!(item instanceof MappingNode window)) {
                problems.add(PolicyParser.line(item), "obligations.promotion.freeze items must be mappings {name, cron, duration, zone}");
                continue;
            }
            Map<String, Node> keys = keys(window, FREEZE_KEYS, "obligations.promotion.freeze");
            String name = PolicyParser.scalar(keys.get("name"));
            String cron = PolicyParser.scalar(keys.get("cron"));
            Duration duration = duration(keys.get("duration"), "obligations.promotion.freeze.duration", false);
            String zone = PolicyParser.scalar(keys.get("zone"));
            if (name == null || cron == null || duration == null) {
                problems.add(PolicyParser.line(item), "obligations.promotion.freeze needs name, cron (five fields, e.g. \"0 18 * * FRI\") and duration");
                continue;
            }
            try {
                out.add(new PromotionObligations.FreezeWindow(name, cron, duration, zone == null ? null : ZoneId.of(zone)));
            } catch (RuntimeException e) {
                problems.add(PolicyParser.line(item), "obligations.promotion.freeze '" + name + "': " + e.getMessage());
            }
        }
        return out;
    }

    private PromotionObligations.Health health(Node node) {
        if (PolicyParser.isNull(node)) {
            return null;
        }
        if (!(node instanceof MappingNode mapping)) {
            problems.add(PolicyParser.line(node), "obligations.promotion.health must be a mapping {maxErrorRate, maxLatencyP99Ms, watch}");
            return null;
        }
        Map<String, Node> keys = keys(mapping, HEALTH_KEYS, "obligations.promotion.health");
        Double errorRate = number(keys.get("maxErrorRate"), "maxErrorRate");
        Double p99 = number(keys.get("maxLatencyP99Ms"), "maxLatencyP99Ms");
        Duration watch = duration(keys.get("watch"), "obligations.promotion.health.watch", false);
        if (errorRate == null || p99 == null || watch == null) {
            return null;
        }
        return new PromotionObligations.Health(errorRate, p99, watch);
    }

    private Double number(Node node, String key) {
        String text = PolicyParser.scalar(node);
        try {
            double value = Double.parseDouble(text == null ? "" : text);
            if (value >= 0 && Double.isFinite(value)) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below, with the line
        }
        problems.add(PolicyParser.line(node), "obligations.promotion.health." + key + " must be a number ≥ 0, was '" + text + "'");
        return null;
    }

    private Duration duration(Node node, String where, boolean optional) {
        if (PolicyParser.isNull(node)) {
            if (!optional) {
                problems.add(0, where + " is missing (e.g. 30m, 24h, 2d)");
            }
            return null;
        }
        try {
            Duration value = PolicyLoader.duration(String.valueOf(PolicyParser.scalar(node)));
            if (value.isNegative() || (!optional && value.isZero())) {
                problems.add(PolicyParser.line(node), where + " must be positive");
                return null;
            }
            return value;
        } catch (IllegalArgumentException e) {
            problems.add(PolicyParser.line(node), where + ": " + e.getMessage());
            return null;
        }
    }

    private Map<String, Node> keys(MappingNode mapping, Set<String> known, String where) {
        Map<String, Node> out = new HashMap<>();
        PolicyParser.entries(mapping, known, where, problems).forEach((key, tuple) -> out.put(key, tuple.getValueNode()));
        return out;
    }
}
