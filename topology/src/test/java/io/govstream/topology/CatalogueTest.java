package io.govstream.topology;

import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.resource.PatternType;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

class CatalogueTest {

    private final Catalogue catalogue = Catalogue.load();

    @Test
    void givenDefaultCatalogue_thenEveryRoleHasItsTopicName() {
        Topics topics = new Topics(catalogue);

        assertThat(topics.dispatchRequests()).isEqualTo("governance.dispatch.requests");
        assertThat(topics.decisions()).isEqualTo("governance.decisions");
        assertThat(topics.axonCommands()).isEqualTo("governance.axon.commands");
        assertThat(topics.dispatchResults()).isEqualTo("governance.dispatch.results");
        assertThat(topics.ledger()).isEqualTo("governance.ledger");
        assertThat(topics.deadLetters()).isEqualTo("governance.dead-letters");
        assertThat(topics.policies()).isEqualTo("governance.policies");
        assertThat(topics.deployments()).isEqualTo("governance.deployments");
        assertThat(topics.approvals()).isEqualTo("governance.approvals");
        assertThat(topics.deployCommands()).isEqualTo("governance.deploy.commands");
        assertThat(topics.schemas()).isEqualTo("_schemas");
        assertThat(topics.flags()).isEqualTo("governance.flags");
    }

    @Test
    void givenDefaultCatalogue_thenTopicsWithoutExplicitCountHaveThreePartitions() {
        assertThat(catalogue.topic("decisions").partitions()).isEqualTo(3);
        assertThat(catalogue.topic("dead-letters").partitions()).isEqualTo(3);
        assertThat(catalogue.topic("dispatch-requests").partitions()).isEqualTo(3);
    }

    @Test
    void givenDefaultCatalogue_thenEveryTopicHasThreeReplicasAndTwoInSync_onAClusterOfThreeOrMore() {
        assertThat(catalogue.topics()).allSatisfy(topic -> {
            assertThat(topic.replicationOn(3)).isEqualTo(new TopicSpec.Replication(3, 2));
            assertThat(topic.replicationOn(5)).isEqualTo(new TopicSpec.Replication(3, 2));
            assertThat(topic.configsOn(3)).containsEntry("min.insync.replicas", "2");
        });
    }

    @Test
    void givenDefaultCatalogue_whenClusterIsSmaller_thenOneReplicaPerBroker_andNoMoreInSyncThanReplicas() {
        TopicSpec ledger = catalogue.topic("ledger");
        assertThat(ledger.replicationOn(1)).isEqualTo(new TopicSpec.Replication(1, 1));
        assertThat(ledger.replicationOn(2)).isEqualTo(new TopicSpec.Replication(2, 2));
        assertThat(ledger.configsOn(1)).containsEntry("min.insync.replicas", "1")
                .containsEntry("retention.ms", "-1");
    }

    @Test
    void givenDefaultCatalogue_thenDispatchRequestsAreKeptSevenDays() {
        TopicSpec requests = catalogue.topic("dispatch-requests");

        assertThat(requests.configs()).containsEntry("retention.ms", "604800000");
        assertThat(requests.valueSchema()).isEqualTo("io.govstream.events.DispatchRequested");
    }

    @Test
    void givenDefaultCatalogue_thenRetentionIsThirtyDaysForDecisionsSevenForDeadLettersForeverForCheckpoints() {
        assertThat(catalogue.topic("decisions").configs()).containsEntry("retention.ms", "2592000000");
        assertThat(catalogue.topic("dead-letters").configs()).containsEntry("retention.ms", "604800000");
        TopicSpec checkpoints = catalogue.topic("ledger-checkpoints");
        assertThat(checkpoints.name()).isEqualTo(new Topics(catalogue).ledgerCheckpoints()).isEqualTo("governance.ledger.checkpoints");
        assertThat(checkpoints.configs()).containsOnly(
                entry("retention.ms", "-1"), entry("retention.bytes", "-1"), entry("cleanup.policy", "delete"));
        assertThat(checkpoints.valueSchema()).isEqualTo("io.govstream.events.LedgerCheckpoint");
    }

    @Test
    void givenDefaultCatalogue_thenLedgerNeverExpiresAndIsNeverCompacted() {
        TopicSpec ledger = catalogue.topic("ledger");

        assertThat(ledger.configs()).containsOnly(
                entry("retention.ms", "-1"), entry("retention.bytes", "-1"), entry("cleanup.policy", "delete"));
        assertThat(ledger.partitions()).isEqualTo(catalogue.topic("dispatch-requests").partitions());
        assertThat(ledger.valueSchema()).isEqualTo("io.govstream.events.LedgerEntry");
    }

    @Test
    void givenDefaultCatalogue_thenPoliciesAndSchemasAreCompacted_andEachHasOnePartition() {
        assertThat(catalogue.topic("schemas").configs()).isEqualTo(Map.of("cleanup.policy", "compact"));
        // Policies and flags name their authors: a record an erasure rewrote is compacted away within the keys topic's bound.
        for (String role : new String[] {"policies", "flags"}) {
            assertThat(catalogue.topic(role).configs()).as(role).containsEntry("cleanup.policy", "compact")
                    .containsEntry("max.compaction.lag.ms", catalogue.topic("ledger-keys").configs().get("max.compaction.lag.ms"))
                    .containsEntry("segment.ms", catalogue.topic("ledger-keys").configs().get("segment.ms"));
        }
        // One total order of publications: governance-streams copies each to every task in that order.
        assertThat(catalogue.topic("policies").partitions()).isEqualTo(1);
        // One total order of schema ids.
        assertThat(catalogue.topic("schemas").partitions()).isEqualTo(1);
    }

    @Test
    void givenDefaultCatalogue_thenNoAclNamesAWildcard() {
        assertThat(catalogue.principals()).isNotEmpty();
        assertThat(catalogue.aclBindings()).isNotEmpty().allSatisfy(binding -> {
            assertThat(binding.pattern().name()).doesNotContain("*");
            assertThat(binding.entry().principal()).doesNotContain("*");
        });
    }

    @Test
    void givenDefaultCatalogue_thenOnlyGovernanceMayWriteTheLedger() {
        assertThat(catalogue.aclBindings())
                .filteredOn(b -> b.pattern().name().equals("governance.ledger") && b.entry().operation() == AclOperation.WRITE)
                .extracting(b -> b.entry().principal())
                .containsExactly("User:governance");
    }

    @Test
    void givenDefaultCatalogue_thenPrefixedPatternsOnlyWhereAFamilyOfNamesIsNeeded() {
        assertThat(catalogue.principals())
                .flatExtracting(p -> p.acls().stream().filter(a -> a.pattern() == PatternType.PREFIXED).map(a -> a.kind() + " " + a.name()).toList())
                .containsExactlyInAnyOrder(
                        "TRANSACTIONAL_ID governance-streams", "TOPIC governance-streams-",
                        "TRANSACTIONAL_ID axon", "GROUP producer-");
    }

    @Test
    void givenUnknownRole_whenLookedUp_thenErrorNamesTheRole() {
        assertThatThrownBy(() -> catalogue.topic("audit"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'audit'");
    }
}
