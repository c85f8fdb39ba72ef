package io.govstream.cli.approval;

import io.govstream.cli.client.GovctlCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "approve", mixinStandardHelpOptions = true,
        description = {"Approve an escalated request in a role.",
                "Casts the vote through Orbit (it checks the token and seals the vote); governance-streams applies the escalating rule's obligation",
                "(N approvals per role, not the requester, one vote per approver) and ledgers the vote, counted or ignored.",
                "The outcome follows on the decisions topic under the same ID (govctl dispatch / Orbit show it)."},
        exitCodeList = {"0:Orbit accepted the vote", "1:Orbit refused it or cannot be reached", "2:bad usage"})
public final class ApproveCommand extends GovctlCommand {
    @Mixin
    private VoteOptions vote;

    @Override
    public Integer call() throws Exception {
        return vote.cast(spec, true);
    }
}
