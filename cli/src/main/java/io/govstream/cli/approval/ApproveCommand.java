package io.govstream.cli.approval;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "approve", mixinStandardHelpOptions = true,
        description = {"Approve an escalated request in a role.",
                "Publishes the vote to the approvals topic; governance-streams applies the escalating rule's obligation",
                "(N approvals per role, not the requester, one vote per approver) and ledgers the vote, counted or ignored.",
                "The outcome follows on the decisions topic under the same ID (govctl dispatch / Orbit show it)."},
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:vote published", "1:invalid arguments or cluster error"})
public final class ApproveCommand implements Callable<Integer> {
    @Mixin
    private VoteOptions vote;
    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        return vote.cast(spec, true);
    }
}
