package io.govstream.cli.policy;

import io.govstream.cli.client.ClientConfigOption;
import io.govstream.cli.client.ExitCodes;
import io.govstream.cli.client.GovctlCommand;
import io.govstream.events.PolicyMode;
import io.govstream.events.PolicySetPublished;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "apply", mixinStandardHelpOptions = true,
        description = {"Validate a policy document and publish it as the next version of its set.",
                "Every CEL condition is type-checked first; on any problem nothing is published and each problem is",
                "printed as FILE:LINE: rule 'ID': message. Publishing content equal to the latest version does nothing."},
        exitCodeList = {"0:published (or unchanged)", "1:invalid policy (nothing published) or cluster error"})
public final class PolicyApplyCommand extends GovctlCommand {
    @Mixin
    private ClientConfigOption config;
    @Parameters(paramLabel = "FILE", description = "The policy set YAML.")
    private Path file;
    @Option(names = "--author", paramLabel = "NAME", description = "Who publishes (default: the OS user).")
    private String author;
    @Option(names = "--shadow", description = "Publish in shadow mode: evaluated beside the active set, never enforced.")
    private boolean shadow;
    @Option(names = "--dry-run", description = "Validate and show the version it would get; publish nothing.")
    private boolean dryRun;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        Optional<String> valid = PolicyFile.readValid(file, spec.commandLine().getErr(), "policy apply", "nothing published");
        if (valid.isEmpty()) {
            return ExitCodes.FAILURE;
        }
        String yaml = valid.get();
        PolicyPublisher publisher = PolicyCommand.publisher(config);
        PolicyMode mode = shadow ? PolicyMode.SHADOW : PolicyMode.ACTIVE;
        PolicyPublisher.Outcome outcome = dryRun
                ? publisher.plan(yaml, file.toString(), author(author), mode, null)
                : publisher.apply(yaml, file.toString(), author(author), mode, null);
        PolicySetPublished p = outcome.publication();
        String scope = PolicyHistory.describe(p.getTenantScope() == null ? "*" : p.getTenantScope());
        if (!outcome.published()) {
            out.printf("unchanged: %s v%d (%s) already has this content; nothing published%n", p.getPolicySetId(), p.getVersion(), scope);
        } else {
            out.printf("%s %s v%d for %s%s: %s by %s%n", dryRun ? "would publish" : "published", p.getPolicySetId(), p.getVersion(),
                    scope, mode == PolicyMode.SHADOW ? " (shadow)" : "", p.getContentHash(), p.getAuthor());
            if (p.getPreviousHash() != null) {
                out.printf("  replaces v%d %s%n", p.getVersion() - 1, p.getPreviousHash());
            }
        }
        return ExitCodes.OK;
    }
}
