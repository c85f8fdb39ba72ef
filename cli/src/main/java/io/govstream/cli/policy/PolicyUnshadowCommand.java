package io.govstream.cli.policy;

import io.govstream.cli.client.ExitCodes;
import io.govstream.cli.client.GovctlCommand;
import io.govstream.events.PolicySetPublished;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "unshadow", mixinStandardHelpOptions = true,
        description = {"Stop evaluating a shadow set: publishes a withdrawal of it as the next version. governance-streams",
                "stops writing its shadow decisions and ledgers the withdrawal; the active set is not touched."},
        exitCodeList = {"0:withdrawn", "1:no shadow set of that id is evaluated in the scope, or cluster error"})
public final class PolicyUnshadowCommand extends GovctlCommand {
    @Mixin
    private ShadowSetArgs set;

    @Override
    public Integer call() {
        ShadowSetArgs.Found found = set.find();
        PolicySetPublished shadow = found.shadow();
        PolicySetPublished withdrawal = found.publisher().withdraw(shadow, found.author(), "shadow v" + shadow.getVersion() + " withdrawn");
        spec.commandLine().getOut().printf("withdrew shadow %s v%d from %s (published as v%d by %s)%n", set.id, shadow.getVersion(),
                found.scope(withdrawal), withdrawal.getVersion(), withdrawal.getAuthor());
        return ExitCodes.OK;
    }
}
