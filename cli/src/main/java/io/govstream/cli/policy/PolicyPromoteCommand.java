package io.govstream.cli.policy;

import io.govstream.cli.client.ExitCodes;
import io.govstream.cli.client.GovctlCommand;
import io.govstream.events.PolicyMode;
import io.govstream.events.PolicySetPublished;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "promote", mixinStandardHelpOptions = true,
        description = {"Make the shadow set evaluated in a scope active: its document is published again as the next version,",
                "in ACTIVE mode. governance-streams then decides with it and stops evaluating the shadow; both changes are",
                "ledgered. (Applying the same file without --shadow does the same.)"},
        exitCodeList = {"0:promoted", "1:no shadow set of that id is evaluated in the scope, or cluster error"})
public final class PolicyPromoteCommand extends GovctlCommand {
    @Mixin
    private ShadowSetArgs set;

    @Override
    public Integer call() {
        ShadowSetArgs.Found found = set.find();
        PolicySetPublished shadow = found.shadow();
        PolicySetPublished p = found.publisher().apply(shadow.getSource(), shadow.getFileName(), found.author(), PolicyMode.ACTIVE,
                "promoted from shadow v" + shadow.getVersion()).publication();
        spec.commandLine().getOut().printf("promoted %s shadow v%d: active as v%d (%s) for %s by %s%n", set.id, shadow.getVersion(),
                p.getVersion(), p.getContentHash(), found.scope(p), p.getAuthor());
        return ExitCodes.OK;
    }
}
