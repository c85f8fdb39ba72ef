package io.govstream.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A rule's reason with {@code ${subject}}, {@code ${intent}}, {@code ${target}}, {@code ${source}},
 * {@code ${tenant}}, {@code ${dataClass}} and {@code ${environment}} placeholders (the last two empty when absent).
 * Parsed once at load, so an unknown placeholder is a load error rather than a surprising decision.
 */
public final class ReasonTemplate {
    public static final Set<String> PLACEHOLDERS = Set.of("subject", "intent", "target", "source", "tenant", "dataClass", "environment");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}]*)}");

    private final String text;
    private final List<String> parts; // even indexes literal text, odd indexes placeholder names

    private ReasonTemplate(String text, List<String> parts) {
        this.text = text;
        this.parts = parts;
    }

    /** @throws IllegalArgumentException naming an unknown placeholder */
    public static ReasonTemplate parse(String text) {
        List<String> parts = new ArrayList<>();
        Matcher m = PLACEHOLDER.matcher(text);
        int at = 0;
        while (m.find()) {
            String name = m.group(1);
            if (!PLACEHOLDERS.contains(name)) {
                throw new IllegalArgumentException("unknown placeholder ${" + name + "} in reason (known: "
                        + String.join(", ", new java.util.TreeSet<>(PLACEHOLDERS)) + ")");
            }
            parts.add(text.substring(at, m.start()));
            parts.add(name);
            at = m.end();
        }
        parts.add(text.substring(at));
        return new ReasonTemplate(text, List.copyOf(parts));
    }

    public String render(PolicyInput input) {
        StringBuilder out = new StringBuilder(text.length() + 32);
        for (int i = 0; i < parts.size(); i++) {
            out.append(i % 2 == 0 ? parts.get(i) : value(parts.get(i), input));
        }
        return out.toString();
    }

    public String text() {
        return text;
    }

    private static String value(String name, PolicyInput input) {
        return switch (name) {
            case "subject" -> input.subject();
            case "intent" -> input.intent();
            case "target" -> input.target();
            case "source" -> input.source();
            case "tenant" -> input.tenant();
            case "dataClass" -> orEmpty(input.dataClass());
            case "environment" -> orEmpty(input.environment());
            default -> throw new IllegalStateException("placeholder checked at parse: " + name);
        };
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }

    @Override
    public String toString() {
        return text;
    }
}
