package io.govstream.cli.policy;

import io.govstream.cli.client.ClientConfigOption;
import io.govstream.cli.client.ExitCodes;
import io.govstream.cli.client.GovctlCommand;
import io.govstream.events.PolicySetPublished;
import io.govstream.policy.PolicyLoader;
import io.govstream.policy.PolicySet;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "diff",
        description = {"Show what changes between the latest published version of a set and FILE,",
                "or between version V and the latest (--version V). Lines: '-' removed, '+' added."},
        exitCodeList = {"0:no difference", "1:error", "3:they differ"})
public final class PolicyDiffCommand extends GovctlCommand {
    static final int DIFFERENT = 3;

    @Mixin
    private ClientConfigOption config;
    @Parameters(index = "0", paramLabel = "ID", description = "Policy set id.")
    private String id;
    @Parameters(index = "1", paramLabel = "FILE", arity = "0..1", description = "A policy document to compare with the latest version.")
    private Path file;
    @Option(names = "--version", paramLabel = "V", description = "Compare version V with the latest.")
    private Integer version;
    @Option(names = "--tenant", paramLabel = "TENANT", description = "Scope of the set when its id exists in several ('*' = global).")
    private String tenant;
    // --version is the policy version here, so no standard -V/--version option: only help.
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    private boolean help;

    @Override
    public Integer call() throws IOException {
        if ((file == null) == (version == null)) {
            throw new IllegalArgumentException("give either FILE or --version V");
        }
        PrintWriter out = spec.commandLine().getOut();
        PolicyHistory history = PolicyCommand.publisher(config).history();
        String scope = history.scopeOf(id, tenant);
        PolicySetPublished latest = history.latest(scope, id).orElseThrow();
        Side before;
        Side after;
        if (file != null) {
            before = Side.of(latest);
            String text = Files.readString(file, StandardCharsets.UTF_8);
            PolicySet candidate = PolicyLoader.parse(text, file.toString()).withVersion(Integer.toString(latest.getVersion() + 1));
            after = new Side(file.toString(), text, candidate.contentHash() + " (as v" + (latest.getVersion() + 1) + ")");
        } else {
            before = Side.of(history.version(scope, id, version));
            after = Side.of(latest);
        }
        List<String> lines = LineDiff.diff(before.text(), after.text());
        out.println("--- " + before.label() + "  " + before.hash());
        out.println("+++ " + after.label() + "  " + after.hash());
        lines.forEach(out::println);
        return LineDiff.changed(lines) ? DIFFERENT : ExitCodes.OK;
    }

    /** One side of the diff: what it is, its document and its content hash. */
    private record Side(String label, String text, String hash) {
        static Side of(PolicySetPublished p) {
            return new Side(p.getPolicySetId() + " v" + p.getVersion(), p.getSource(), p.getContentHash());
        }
    }
}
