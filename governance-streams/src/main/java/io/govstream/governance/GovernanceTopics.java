package io.govstream.governance;

import io.govstream.topology.Topics;
import java.util.Objects;

/** The topics the governance topology reads and writes, by role (STYLE #6). */
public record GovernanceTopics(String dispatchRequests, String decisions, String axonCommands, String ledger, String deadLetters) {

    public GovernanceTopics {
        Objects.requireNonNull(dispatchRequests, "dispatchRequests");
        Objects.requireNonNull(decisions, "decisions");
        Objects.requireNonNull(axonCommands, "axonCommands");
        Objects.requireNonNull(ledger, "ledger");
        Objects.requireNonNull(deadLetters, "deadLetters");
    }

    /** The governance roles of the platform catalogue, e.g. {@code from(Catalogue.load().topicNames())}. */
    public static GovernanceTopics from(Topics topics) {
        return new GovernanceTopics(topics.dispatchRequests(), topics.decisions(), topics.axonCommands(), topics.ledger(),
                topics.deadLetters());
    }
}
