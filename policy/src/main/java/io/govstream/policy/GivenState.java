package io.govstream.policy;

import java.util.HashMap;
import java.util.Map;

/**
 * The state a policy test case gives: counts per window as written ({@code rate: {1m: 600}}); a
 * window the case does not name counts 0, and with nothing given (as outside a decision task) every
 * count is 0. Windows are compared in seconds, so {@code 60s} and {@code 1m} are the same window.
 */
final class GivenState implements PolicyState {
    private final Map<Long, Long> rates;
    private final Map<Long, Long> denials;
    private final long today;
    private final PolicyState ofSubject;

    private GivenState(Map<Long, Long> rates, Map<Long, Long> denials, long today, PolicyState ofSubject) {
        this.rates = rates;
        this.denials = denials;
        this.today = today;
        this.ofSubject = ofSubject == null ? this : ofSubject;
    }

    static GivenState of(Map<?, ?> given) {
        return of(given, "given.state", true);
    }

    private static GivenState of(Map<?, ?> given, String path, boolean narrowable) {
        java.util.Set<String> known = narrowable ? java.util.Set.of("rate", "today", "recentDenials", "ofSubject")
                : java.util.Set.of("rate", "today", "recentDenials");
        for (Object key : given.keySet()) {
            if (!known.contains(String.valueOf(key))) {
                throw new IllegalArgumentException(path + "." + key + " is unknown: use " + String.join(", ", new java.util.TreeSet<>(known)));
            }
        }
        PolicyState ofSubject = null;
        if (narrowable) {
            Object subject = given.get("ofSubject");
            if (subject != null && !(subject instanceof Map<?, ?>)) {
                throw new IllegalArgumentException(path + ".ofSubject must be a map like the state itself, e.g. {rate: {1m: 5}}");
            }
            ofSubject = of(subject == null ? Map.of() : (Map<?, ?>) subject, path + ".ofSubject", false);
        }
        return new GivenState(windows(given.get("rate"), "rate"), windows(given.get("recentDenials"), "recentDenials"),
                count(given.get("today"), "today"), ofSubject);
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

    @Override
    public PolicyState ofSubject() {
        return ofSubject;
    }
}
