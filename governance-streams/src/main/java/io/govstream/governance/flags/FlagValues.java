package io.govstream.governance.flags;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.govstream.events.FlagJson;
import io.govstream.policy.PolicyValues;
import java.util.Locale;

/**
 * A flag's value as the FlagChange schema carries it (Boolean, Long, Double, String or
 * {@link FlagJson}), parsed from text, shown as text, and seen by CEL and OpenFeature.
 */
public final class FlagValues {
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_LONG_FOR_INTS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    /** The types {@code govctl flag set --type} accepts. */
    public enum Type {
        BOOL, STRING, NUMBER, JSON;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private FlagValues() {
    }

    /**
     * Parses {@code text} as {@code type}; without a type: true/false is a bool, a number a number,
     * anything else a string.
     *
     * @throws IllegalArgumentException if the text is not of the type
     */
    public static Object parse(String text, Type type) {
        if (text == null) {
            throw new IllegalArgumentException("a flag value is missing");
        }
        if (type == null) {
            if (text.equals("true") || text.equals("false")) {
                return Boolean.valueOf(text);
            }
            Object number = number(text);
            return number != null ? number : text;
        }
        return switch (type) {
            case BOOL -> {
                if (!text.equals("true") && !text.equals("false")) {
                    throw new IllegalArgumentException("value '" + text + "' is not a bool: use true or false");
                }
                yield Boolean.valueOf(text);
            }
            case NUMBER -> {
                Object number = number(text);
                if (number == null) {
                    throw new IllegalArgumentException("value '" + text + "' is not a number (e.g. 42, -1, 0.25)");
                }
                yield number;
            }
            case STRING -> text;
            case JSON -> json(text);
        };
    }

    /** A whole number as long, a finite decimal as double, anything else null. */
    private static Object number(String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException notLong) {
            try {
                double d = Double.parseDouble(text);
                // Double.parseDouble also takes "NaN", "Infinity" and "1d": none is a number a policy should compare.
                return Double.isFinite(d) && text.matches("[-+]?[0-9]*\\.?[0-9]+([eE][-+]?[0-9]+)?") ? d : null;
            } catch (NumberFormatException notDouble) {
                return null;
            }
        }
    }

    private static FlagJson json(String text) {
        try {
            JsonNode tree = JSON.readTree(text);
            if (tree == null || tree.isMissingNode()) { // no content: a missing node, or none at all
                throw new IllegalArgumentException("value is not JSON: it is empty");
            }
            if (hasInfinity(tree)) { // it would be written back as the string "Infinity"
                throw new IllegalArgumentException("value has a number beyond what a double holds (about 1.8e308)");
            }
            return new FlagJson(JSON.writeValueAsString(tree));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("value is not JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static boolean hasInfinity(JsonNode node) {
        if (node.isFloatingPointNumber()) {
            return Double.isInfinite(node.doubleValue());
        }
        for (JsonNode child : node) { // an array's elements, an object's values
            if (hasInfinity(child)) {
                return true;
            }
        }
        return false;
    }

    public static Type typeOf(Object value) {
        if (value instanceof Boolean) {
            return Type.BOOL;
        }
        if (value instanceof Long || value instanceof Double) {
            return Type.NUMBER;
        }
        if (value instanceof FlagJson) {
            return Type.JSON;
        }
        if (value instanceof CharSequence) {
            return Type.STRING;
        }
        throw new IllegalArgumentException("not a flag value: " + value);
    }

    /** For people: JSON as its text, strings quoted, "(unset)" for null. */
    public static String text(Object value) {
        if (value == null) {
            return "(unset)";
        }
        if (value instanceof FlagJson json) {
            return json.getJson();
        }
        if (value instanceof CharSequence s) {
            return "\"" + s + "\"";
        }
        return value.toString();
    }

    /** What a condition sees under {@code flags.<name>}: JSON parsed (object → map, array → list). */
    public static Object cel(Object value) {
        if (value instanceof FlagJson json) {
            return PolicyValues.json(json.getJson());
        }
        return value instanceof CharSequence s ? s.toString() : value;
    }
}
