package io.govstream.cli.deploy;

import io.govstream.events.Effect;
import io.govstream.events.deployment.DeploymentAction;
import io.govstream.events.deployment.DeploymentCompleted;
import io.govstream.events.deployment.DeploymentDecision;
import io.govstream.events.deployment.PromotionRequested;
import io.govstream.events.deployment.RollbackCompleted;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** What the ledger's deployment entries say now: each service's versions per environment and its gates. */
final class Releases {
    /** A promotion gate: its request, and the latest decision on it since that request (null = none yet). */
    record Gate(String service, String version, String from, String to, String requester, DeploymentDecision latest) {
        Effect effect() {
            return latest == null ? Effect.PENDING : latest.getEffect();
        }

        String missing() {
            if (latest == null) {
                return "requested, not decided yet";
            }
            return latest.getEffect() == Effect.PENDING ? String.join("; ", latest.getMissing()) : latest.getReason();
        }
    }

    final Map<String, Map<String, String>> running = new TreeMap<>();
    final Map<String, Gate> gates = new LinkedHashMap<>();

    static Releases of(List<DeploymentLedger.Entry> entries) {
        Releases releases = new Releases();
        for (DeploymentLedger.Entry entry : entries) {
            Object p = entry.payload();
            if (p instanceof DeploymentCompleted d) {
                releases.running.computeIfAbsent(d.getService(), s -> new TreeMap<>()).put(d.getEnvironment(), d.getVersion());
            } else if (p instanceof RollbackCompleted r) {
                releases.running.computeIfAbsent(r.getService(), s -> new TreeMap<>()).put(r.getEnvironment(), r.getVersion());
            } else if (p instanceof PromotionRequested r) {
                releases.gates.put(key(r.getService(), r.getVersion(), r.getToEnvironment()), new Gate(r.getService(), r.getVersion(),
                        r.getFromEnvironment(), r.getToEnvironment(), r.getRequester(), null));
            } else if (p instanceof DeploymentDecision d && d.getAction() == DeploymentAction.PROMOTE) {
                releases.gates.computeIfPresent(key(d.getService(), d.getVersion(), d.getToEnvironment()),
                        (k, g) -> new Gate(g.service(), g.version(), g.from(), g.to(), g.requester(), d));
            }
        }
        return releases;
    }

    Gate gate(String service, String version, String to) {
        return gates.get(key(service, version, to));
    }

    private static String key(String service, String version, String to) {
        return service + "\u0000" + version + "\u0000" + to;
    }
}
