package io.govstream.governance.policy;

import java.util.HashMap;
import java.util.Map;

/**
 * The state a policy test case gives: counts per window as written ({@code rate: {1m: 600}}); a
 * window the case does not name counts 0. Windows are compared in seconds, so {@code 60s} and
 * {@code 1m} are the same window.
 */
final class GivenState implements PolicyState {
    private final Map<Long, Long> rates;
    private final Map<Long, Long> denials;
    private final long today;

    private GivenState(Map<Long, Long> rates, Map<Long, Long> denials, long today) {
        this.rates = rates;
        this.denials = denials;
        this.today = today;
    }

    static GivenState of(Map<?, ?> given) {
        for (Object key : given.keySet()) {
            if (!java.util.Set.of("rate", "today", "recentDenials").contains(String.valueOf(key))) {
                throw new IllegalArgumentException("given.state." + key + " is unknown: use rate, today, recentDenials");
            }
        }
        return new GivenState(windows(given.get("rate"), "rate"), windows(given.get("recentDenials"), "recentDenials"),
                count(given.get("today"), "today"));
    }

    private static Map<Long, Long> windows(Object node, String what) {
        Map<Long, Long> out = new HashMap<>();
        if (node == null) {
            return out;
        }
        if (!(node instanceof Map<?, ?> m)) {
            throw new IllegalArgumentException("given.state." + what + " must map windows to counts, e.g. {1m: 600}");
        }
        m.forEach((window, n) -> out.put(StateWindows.seconds(String.valueOf(window)), count(n, what + "." + window)));
        return out;
    }

    private static long count(Object n, String what) {
        if (n == null) {
            return 0;
        }
        if (n instanceof Number number) {
            return number.longValue();
        }
        throw new IllegalArgumentException("given.state." + what + " must be a number, was '" + n + "'");
    }

    @Override
    public long rate(String window) {
        return rates.getOrDefault(StateWindows.seconds(window), 0L);
    }

    @Override
    public long today() {
        return today;
    }

    @Override
    public long recentDenials(String window) {
        return denials.getOrDefault(StateWindows.seconds(window), 0L);
    }
}
