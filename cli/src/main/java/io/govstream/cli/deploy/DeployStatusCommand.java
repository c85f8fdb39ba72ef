package io.govstream.cli.deploy;

import io.govstream.cli.client.DurationConverter;
import io.govstream.cli.client.ExitCodes;
import io.govstream.cli.client.GovctlCommand;
import io.govstream.cli.client.KeyDirOption;
import io.govstream.events.Effect;
import io.govstream.policy.Environments;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "status",
        description = {"Show, per service, each environment's version and every pending promotion gate with what it still needs.",
                "With --wait: block until the gate for SERVICE --version V --to ENV decides (read from the ledger)."},
        exitCodeList = {"0:shown; with --wait: PERMIT (a deploy command was issued)", "1:error",
                "3:with --wait: DENY", "4:with --wait: still PENDING at the timeout"})
public final class DeployStatusCommand extends GovctlCommand {
    /** Exit code of --wait when the gate is still pending at the timeout (the CI contract). */
    public static final int STILL_PENDING = 4;
    private static final Duration POLL = Duration.ofSeconds(1);

    @Mixin
    DeployClient client;
    @Mixin
    KeyDirOption keyDir;
    // No standard -V/--version here: --version names the release (the CI contract).
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;
    @Parameters(index = "0", arity = "0..1", paramLabel = "SERVICE", description = "Only this service.")
    String service;
    @Option(names = "--version", paramLabel = "V", description = "The version of the gate to show or wait for.")
    String version;
    @Option(names = "--to", paramLabel = "ENV", description = "The target environment of the gate to show or wait for.")
    String to;
    @Option(names = "--wait", description = "Block until the gate decides.")
    boolean await;
    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "30m", converter = DurationConverter.class,
            description = "How long --wait waits (30s, 10m, 2h). Default: ${DEFAULT-VALUE}.")
    Duration timeout;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (await && (service == null || version == null || to == null)) {
            throw new IllegalArgumentException("--wait needs SERVICE, --version and --to");
        }
        if (to != null) {
            DeployClient.environment("--to", to);
        }
        DeploymentLedger ledger = client.ledger(keyDir, spec.commandLine().getErr()::println);
        if (!await) {
            print(out, Releases.of(ledger.refresh()));
            return ExitCodes.OK;
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        Releases.Gate gate = Releases.of(ledger.refresh()).gate(service, version, to);
        while ((gate == null || gate.effect() == Effect.PENDING) && System.nanoTime() < deadline) {
            Thread.sleep(POLL.toMillis());
            gate = Releases.of(ledger.refresh()).gate(service, version, to);
        }
        String what = service + " " + version + " → " + to;
        if (gate == null) {
            out.printf("PENDING %s: no promotion requested (yet)%n", what);
            return STILL_PENDING;
        }
        out.printf("%s %s (rule %s): %s%n", gate.effect(), what, gate.latest() == null ? "-" : gate.latest().getRuleId(), gate.missing());
        return switch (gate.effect()) {
            case PERMIT -> ExitCodes.OK;
            case DENY -> ExitCodes.DENIED;
            default -> STILL_PENDING;
        };
    }

    /** A line of the table: the service, then one column per environment. */
    private static String row(String service, List<String> perEnvironment) {
        return (String.format("%-20s", service) + perEnvironment.stream().map(v -> String.format(" %-16s", v)).collect(Collectors.joining()))
                .stripTrailing();
    }

    private void print(PrintWriter out, Releases releases) {
        out.println(row("SERVICE", Environments.ORDER.stream().map(env -> env.toUpperCase(java.util.Locale.ROOT)).toList()));
        java.util.Set<String> services = new java.util.TreeSet<>(releases.running.keySet());
        releases.gates.values().forEach(g -> services.add(g.service()));
        for (String name : services) {
            if (service != null && !service.equals(name)) {
                continue;
            }
            Map<String, String> running = releases.running.getOrDefault(name, Map.of());
            out.println(row(name, Environments.ORDER.stream().map(env -> running.getOrDefault(env, "-")).toList()));
            for (Releases.Gate gate : releases.gates.values()) {
                boolean selected = (version == null || version.equals(gate.version())) && (to == null || to.equals(gate.to()));
                if (gate.service().equals(name) && selected && gate.effect() == Effect.PENDING) {
                    out.printf("  pending %s %s → %s (requested by %s): %s%n", gate.version(), gate.from(), gate.to(), gate.requester(),
                            gate.missing());
                }
            }
        }
    }
}
