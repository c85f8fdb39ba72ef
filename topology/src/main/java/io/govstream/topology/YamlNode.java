package io.govstream.topology;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.IntStream;

/**
 * A parsed YAML value together with its path in the document, so that every error can say
 * where it is ({@code topics[3].partitions}) and not just what is wrong.
 */
record YamlNode(String source, String path, Object value) {

    boolean has(String key) {
        return asMap().get(key) != null;
    }

    YamlNode get(String key) {
        Object child = asMap().get(key);
        if (child == null) {
            throw error("missing '" + key + "'");
        }
        return new YamlNode(source, child(key), child);
    }

    String string(String key) {
        return get(key).asScalar();
    }

    String optionalString(String key) {
        return has(key) ? string(key) : null;
    }

    int integer(String key) {
        YamlNode node = get(key);
        if (!(node.value instanceof Integer number)) {
            throw node.error("must be a whole number, was '" + node.value + "'");
        }
        return number;
    }

    List<YamlNode> list(String key) {
        if (!has(key)) {
            return List.of();
        }
        YamlNode node = get(key);
        if (!(node.value instanceof List<?> items)) {
            throw node.error("must be a list");
        }
        return IntStream.range(0, items.size()).mapToObj(i -> new YamlNode(source, node.path + "[" + i + "]", items.get(i))).toList();
    }

    /** A map of scalars, e.g. topic configs; numbers and booleans become their YAML text. */
    Map<String, String> scalarMap(String key) {
        Map<String, String> result = new LinkedHashMap<>();
        if (!has(key)) {
            return result;
        }
        YamlNode node = get(key);
        node.asMap().keySet().forEach(child -> result.put(child, node.get(child).asScalar()));
        return result;
    }

    String asScalar() {
        if (value instanceof Map || value instanceof List) {
            throw error("must be a single value, not a " + (value instanceof Map ? "map" : "list"));
        }
        return String.valueOf(value);
    }

    /** Unknown keys are errors: a misspelt 'partitons' must not silently fall back to the default. */
    void requireOnlyKeys(Set<String> allowed) {
        Set<String> unknown = new TreeSet<>(asMap().keySet());
        unknown.removeAll(allowed);
        if (!unknown.isEmpty()) {
            throw error("unknown key(s) " + unknown + "; allowed: " + new TreeSet<>(allowed));
        }
    }

    CatalogueException error(String problem) {
        return new CatalogueException(source, (path.isEmpty() ? "" : path + ": ") + problem);
    }

    /** The keys of this map, in document order. */
    java.util.Set<String> keys() {
        return asMap().keySet();
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> asMap() {
        if (!(value instanceof Map<?, ?> map)) {
            throw error("must be a map of keys to values");
        }
        for (Object key : map.keySet()) {
            if (!(key instanceof String)) {
                throw error("key '" + key + "' must be text");
            }
        }
        return (Map<String, Object>) map;
    }

    private String child(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }
}
