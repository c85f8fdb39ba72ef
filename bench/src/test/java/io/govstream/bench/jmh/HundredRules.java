package io.govstream.bench.jmh;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;

/**
 * One 100-rule dispatch policy, written twice from the same table: as a govstream policy set
 * (YAML, CEL conditions over {@code state}) and as an equivalent SAPL policy set
 * (first-applicable, the state passed in the subscription's environment). Plus the benchmark's
 * requests, the same for both engines. {@code PolicyEquivalenceTest} proves both engines decide
 * every request alike; {@code PolicyBenchmark} times them.
 *
 * <p>The table: 90 narrow rules (a source, a target, one or two intents, a tenant or any) with
 * a rate-limit condition, some also reading a request attribute or the recent denials, 10% of
 * them DENY rules; and 10 broad DENY rules on destructive intents that read recent denials.
 * Half the requests are aimed at a random rule (so rules all along the list decide), half are
 * random (most then fall through all 100 rules to the default deny).
 */
public final class HundredRules {
    static final int RULES = 100;
    static final List<String> TARGETS = List.of("billing", "ledger", "search", "mailer", "axon");
    static final List<List<String>> INTENTS = List.of(List.of("read"), List.of("write", "update"), List.of("export"),
            List.of("reason", "heartbeat"));
    static final List<String> ALL_INTENTS = List.of("read", "write", "update", "export", "reason", "heartbeat", "delete", "purge");
    static final List<String> PRIORITIES = List.of("high", "normal", "low");
    static final long[] RATES = {0, 50, 99, 100, 599, 600, 999, 1000, 5000};
    static final long[] DENIALS = {0, 2, 3, 4, 5, 10};

    /** One rule of the table. {@code tenant} null = any tenant. */
    record Rule(String id, boolean permit, String source, String target, List<String> intents, String tenant, Condition condition) {
    }

    /** A condition shape with its limit, rendered in CEL or SAPL. */
    record Condition(String kind, long limit) {
        String cel() {
            return switch (kind) {
                case "rate-below" -> "state.rate(\"1m\") < " + limit;
                case "rate-at-least" -> "state.rate(\"1m\") >= " + limit;
                case "rate-and-priority" -> "state.rate(\"1m\") < " + limit + " && request.attributes[\"priority\"] != \"low\"";
                case "rate-and-denials" -> "state.rate(\"1m\") < " + limit + " && state.recentDenials(\"10m\") < 5";
                case "denials-at-least" -> "state.recentDenials(\"10m\") >= " + limit;
                default -> throw new IllegalStateException(kind);
            };
        }

        String sapl() {
            return switch (kind) {
                case "rate-below" -> "environment.rate[\"1m\"] < " + limit + ";";
                case "rate-at-least" -> "environment.rate[\"1m\"] >= " + limit + ";";
                case "rate-and-priority" -> "environment.rate[\"1m\"] < " + limit + "; resource.priority != \"low\";";
                case "rate-and-denials" -> "environment.rate[\"1m\"] < " + limit + "; environment.recentDenials[\"10m\"] < 5;";
                case "denials-at-least" -> "environment.recentDenials[\"10m\"] >= " + limit + ";";
                default -> throw new IllegalStateException(kind);
            };
        }
    }

    /** A benchmark request: what both engines see. {@code rate} and {@code recentDenials} are the state. */
    record Request(String source, String target, String intent, String tenant, String subject, String priority, long rate,
                   long recentDenials) {
    }

    private HundredRules() {
    }

    static List<Rule> rules() {
        List<Rule> rules = new ArrayList<>(RULES);
        for (int i = 0; i < RULES; i++) {
            String id = String.format("r-%03d", i);
            if (i % 10 == 0) {
                rules.add(new Rule(id, false, null, null, List.of("delete", "purge"), "tenant-" + (i / 10 % 7),
                        new Condition("denials-at-least", 3)));
                continue;
            }
            boolean permit = i % 10 != 9;
            Condition condition = !permit ? new Condition("rate-at-least", 100L * (1 + i % 7))
                    : switch (i % 3) {
                        case 0 -> new Condition("rate-below", 100L * (1 + i % 7));
                        case 1 -> new Condition("rate-and-priority", 600);
                        default -> new Condition("rate-and-denials", 1000);
                    };
            rules.add(new Rule(id, permit, "svc-" + (i % 20), TARGETS.get(i / 20 % 5), INTENTS.get(i % 4),
                    i % 3 == 0 ? null : "tenant-" + (i % 7), condition));
        }
        return rules;
    }

    /** The govstream policy set. */
    static String yaml() {
        StringBuilder y = new StringBuilder("id: bench-100\nversion: \"1\"\ndescription: 100 rules for the policy benchmark\n"
                + "defaultEffect: DENY\nrules:\n");
        for (Rule rule : rules()) {
            y.append("  - id: ").append(rule.id()).append("\n    match:\n");
            if (rule.source() != null) {
                y.append("      source: ").append(rule.source()).append('\n');
                y.append("      target: ").append(rule.target()).append('\n');
            }
            y.append("      intent: [").append(String.join(", ", rule.intents())).append("]\n");
            y.append("      tenant: \"").append(rule.tenant() == null ? "*" : rule.tenant()).append("\"\n");
            y.append("    when: '").append(rule.condition().cel()).append("'\n");
            y.append("    effect: ").append(rule.permit() ? "PERMIT" : "DENY").append('\n');
            y.append("    reason: \"").append(rule.id()).append(": ${source} may").append(rule.permit() ? "" : " not")
                    .append(" ${intent} ${target} in ${tenant}\"\n");
        }
        return y.toString();
    }

    /**
     * The SAPL policy set: the same rules in the same order under first-applicable; each policy
     * names itself in an obligation, as a govstream verdict names its rule. Combined with
     * deny-unless-permit, "no policy applicable" becomes DENY without an obligation: the default deny.
     */
    static String sapl() {
        StringBuilder s = new StringBuilder("set \"bench-100\"\nfirst-applicable\n");
        for (Rule rule : rules()) {
            List<String> target = new ArrayList<>();
            if (rule.source() != null) {
                target.add("subject.source == \"" + rule.source() + "\"");
                target.add("resource.target == \"" + rule.target() + "\"");
            }
            target.add("(" + rule.intents().stream().map(i -> "action.intent == \"" + i + "\"").collect(Collectors.joining(" | ")) + ")");
            if (rule.tenant() != null) {
                target.add("subject.tenant == \"" + rule.tenant() + "\"");
            }
            s.append("policy \"").append(rule.id()).append("\"\n").append(rule.permit() ? "permit " : "deny ")
                    .append(String.join(" & ", target)).append("\nwhere\n  ").append(rule.condition().sapl())
                    .append("\nobligation { \"rule\": \"").append(rule.id()).append("\" }\n");
        }
        return s.toString();
    }

    /** {@code n} requests, the same for every run (seeded). */
    static List<Request> requests(int n) {
        Random random = new Random(42);
        List<Rule> rules = rules();
        List<Request> requests = new ArrayList<>(n);
        for (int k = 0; k < n; k++) {
            String priority = PRIORITIES.get(random.nextInt(PRIORITIES.size()));
            long rate = RATES[random.nextInt(RATES.length)];
            long denials = DENIALS[random.nextInt(DENIALS.length)];
            String tenant = "tenant-" + random.nextInt(7);
            if (k % 2 == 0) {
                Rule aim = rules.get(random.nextInt(rules.size()));
                String intent = aim.intents().get(random.nextInt(aim.intents().size()));
                String source = aim.source() == null ? "svc-" + random.nextInt(24) : aim.source();
                String target = aim.target() == null ? TARGETS.get(random.nextInt(TARGETS.size())) : aim.target();
                requests.add(new Request(source, target, intent, aim.tenant() == null ? tenant : aim.tenant(), "user-" + k, priority,
                        rate, denials));
            } else {
                requests.add(new Request("svc-" + random.nextInt(24), TARGETS.get(random.nextInt(TARGETS.size())),
                        ALL_INTENTS.get(random.nextInt(ALL_INTENTS.size())), tenant, "user-" + k, priority, rate, denials));
            }
        }
        return requests;
    }

    /** The request attributes both engines see (govstream: {@code request.attributes}; SAPL: the resource). */
    static Map<String, String> attributes(Request request) {
        return Map.of("priority", request.priority());
    }
}
