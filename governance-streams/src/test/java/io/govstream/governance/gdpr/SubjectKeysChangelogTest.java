package io.govstream.governance.gdpr;

import static org.assertj.core.api.Assertions.assertThat;

import io.govstream.governance.GovernanceTopology;
import io.govstream.topology.Catalogue;
import io.govstream.topology.Topics;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SubjectKeysChangelogTest {

    @Test
    void givenTheCatalogue_whenComparedWithTheKeyStoreChangelog_thenBothCompactWithinTheSameDocumentedBound() {
        Map<String, String> keysTopic = Catalogue.load().topic(Topics.LEDGER_KEYS).configs();
        // The store's changelog holds the same wrapped keys: an erased key must leave it as fast as the keys topic.
        GovernanceTopology.SUBJECT_KEYS_CHANGELOG.forEach((name, value) ->
                assertThat(keysTopic.get(name)).as(name).isEqualTo(value));
        assertThat(keysTopic).containsEntry("cleanup.policy", "compact");
    }

    @Test
    void givenTheStoresThatNamePeople_whenBuilt_thenTheirChangelogsCompactWithinTheSameBound() {
        // Pending escalations (requests and votes) and deployment gates (requesters and approvers): what a decided
        // escalation or a closed gate held leaves the changelog within the bound documented for the keys topic.
        assertThat(io.govstream.governance.escalation.PendingEscalations.store().logConfig())
                .containsAllEntriesOf(ChangelogBounds.PERSONAL);
        assertThat(io.govstream.governance.deployment.DeploymentGates.store().logConfig())
                .containsAllEntriesOf(ChangelogBounds.PERSONAL);
        assertThat(io.govstream.governance.escalation.PendingEscalations.store().loggingEnabled()).isTrue();
    }
}
