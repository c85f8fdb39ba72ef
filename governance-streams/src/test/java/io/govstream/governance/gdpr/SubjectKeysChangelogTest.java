package io.govstream.governance.gdpr;

import static org.assertj.core.api.Assertions.assertThat;

import io.govstream.governance.deployment.DeploymentGates;
import io.govstream.governance.escalation.PendingEscalations;
import io.govstream.topology.Catalogue;
import io.govstream.topology.Topics;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SubjectKeysChangelogTest {
    private static final Catalogue CATALOGUE = Catalogue.load();
    private static final Map<String, String> PERSONAL = CATALOGUE.changelog(Topics.PERSONAL_CHANGELOG);

    @Test
    void givenTheCatalogue_whenComparedWithTheKeyStoreChangelog_thenBothCompactWithinTheSameDocumentedBound() {
        Map<String, String> keysTopic = CATALOGUE.topic(Topics.LEDGER_KEYS).configs();
        // The store's changelog holds the same wrapped keys: an erased key must leave it as fast as the keys topic.
        PERSONAL.forEach((name, value) -> assertThat(keysTopic.get(name)).as(name).isEqualTo(value));
        assertThat(PERSONAL).containsEntry("cleanup.policy", "compact").containsEntry("max.compaction.lag.ms", "3600000");
    }

    @Test
    void givenTheStoresThatNamePeople_whenBuilt_thenTheirChangelogsCompactWithinTheSameBound() {
        // Pending escalations (requests and votes) and deployment gates (requesters and approvers): what a decided
        // escalation or a closed gate held leaves the changelog within the bound documented for the keys topic.
        assertThat(PendingEscalations.store(PERSONAL).logConfig()).containsAllEntriesOf(PERSONAL);
        assertThat(DeploymentGates.store(PERSONAL).logConfig()).containsAllEntriesOf(PERSONAL);
        assertThat(PendingEscalations.store(PERSONAL).loggingEnabled()).isTrue();
    }
}
