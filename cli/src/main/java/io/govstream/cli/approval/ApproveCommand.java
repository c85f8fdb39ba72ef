package io.govstream.cli.approval;

import picocli.CommandLine.Command;

@Command(name = "approve", mixinStandardHelpOptions = true,
        description = {"Approve an escalated request in a role.",
                "Casts the vote through Orbit (it checks the token and seals the vote); governance-streams applies the escalating rule's obligation",
                "(N approvals per role, not the requester, one vote per approver) and ledgers the vote, counted or ignored.",
                "The outcome follows on the decisions topic under the same ID (govctl dispatch / Orbit show it)."},
        exitCodeList = {"0:Orbit accepted the vote", "1:Orbit refused it or cannot be reached", "2:bad usage"})
public final class ApproveCommand extends VoteCommand {
    public ApproveCommand() {
        super(true);
    }
}
