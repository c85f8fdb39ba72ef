package io.govstream.policy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.cel.common.values.NullValue;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/** Converts JSON and YAML values to the values CEL works with: int as long, float as double, null as CEL null. */
public final class PolicyValues {
    private static final ObjectReader JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_LONG_FOR_INTS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .readerFor(Object.class);

    private PolicyValues() {
    }

    /** A JSON document as a CEL value (object → map, array → list); the text itself if it is not JSON. */
    public static Object json(String text) {
        try {
            return celValue(JSON.readValue(text));
        } catch (JsonProcessingException e) {
            return text;
        }
    }

    public static Object celValue(Object value) {
        if (value == null) {
            return NullValue.NULL_VALUE;
        }
        if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof Float) {
            return ((Float) value).doubleValue();
        }
        if (value instanceof BigInteger big) {
            return big.bitLength() < 64 ? big.longValue() : big.doubleValue();
        }
        if (value instanceof BigDecimal decimal) {
            return decimal.doubleValue();
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put(String.valueOf(k), celValue(v)));
            return out;
        }
        if (value instanceof Collection<?> items) {
            return items.stream().map(PolicyValues::celValue).toList();
        }
        return value;
    }
}
