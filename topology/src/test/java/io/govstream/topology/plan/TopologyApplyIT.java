package io.govstream.topology.plan;

import io.govstream.broker.BrokerSettings;
import io.govstream.broker.EmbeddedKafka;
import io.govstream.topology.Catalogue;
import io.govstream.topology.CatalogueEdits;
import io.govstream.topology.secrets.SecretStore;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Plan and apply against a real broker; each test gets its own broker and data dir. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class TopologyApplyIT {

    @TempDir
    Path dataDir;
    private EmbeddedKafka kafka;
    private Admin admin;
    private SecretStore secrets;
    private final Catalogue catalogue = Catalogue.load();

    @BeforeEach
    void startBroker() {
        kafka = EmbeddedKafka.start(BrokerSettings.ephemeral(dataDir));
        admin = Admin.create(kafka.adminClientProperties());
        secrets = new SecretStore(dataDir.resolve("secrets"));
    }

    @AfterEach
    void stopBroker() {
        admin.close();
        kafka.close();
    }

    @Test
    void givenEmptyCluster_whenPlanned_thenEverythingIsCreatedAndNothingIsApplied() throws Exception {
        Plan plan = TopologyPlanner.plan(admin, catalogue, secrets);

        assertThat(plan.describe()).contains(
                "+ topic governance.ledger (3 partitions, 1 replica (catalogue: 3; the cluster has 1 broker), "
                        + "cleanup.policy=delete, min.insync.replicas=1, retention.bytes=-1, retention.ms=-1)",
                "+ topic _schemas (1 partition, 1 replica (catalogue: 3; the cluster has 1 broker), cleanup.policy=compact, "
                        + "min.insync.replicas=1)",
                "+ scram-user orbit",
                "+ acl User:orbit WRITE topic governance.dispatch.requests",
                "+ acl User:governance CREATE topic prefix governance-streams-");
        assertThat(plan.hasErrors()).isFalse();
        assertThat(admin.listTopics().names().get()).doesNotContain("governance.ledger");
        assertThat(secrets.directory().resolve("orbit.password")).as("a dry run writes no secrets").doesNotExist();
    }

    @Test
    void givenEmptyCluster_whenApplied_thenClusterMatchesAndNextPlanIsEmpty() throws Exception {
        Plan plan = TopologyPlanner.plan(admin, catalogue, secrets);

        ApplyReport report = plan.apply(admin);

        assertThat(report.applied()).isEqualTo(plan.describe());
        assertThat(TopologyPlanner.plan(admin, catalogue, secrets).describe()).isEmpty();
        assertThat(TopologyPlanner.plan(admin, catalogue, secrets).isEmpty()).isTrue();
        Config ledger = topicConfig("governance.ledger");
        assertThat(ledger.get("retention.ms").value()).isEqualTo("-1");
        assertThat(ledger.get("retention.bytes").value()).isEqualTo("-1");
        // One broker: one copy of each record, which is all a write can wait for.
        assertThat(ledger.get("min.insync.replicas").value()).isEqualTo("1");
        assertThat(ledger.get("cleanup.policy").value()).isEqualTo("delete");
        assertThat(topicConfig("governance.policies").get("cleanup.policy").value()).isEqualTo("compact");
        assertThat(admin.describeTopics(List.of("governance.ledger")).allTopicNames().get()
                .get("governance.ledger").partitions()).hasSize(3);
    }

    @Test
    void givenAppliedCatalogue_whenAConfigChanges_thenPlanShowsOldAndNewValue() throws Exception {
        TopologyPlanner.plan(admin, catalogue, secrets).apply(admin);
        Catalogue changed = CatalogueEdits.withTopic(catalogue,
                CatalogueEdits.withConfig(catalogue.topic("decisions"), "retention.ms", "86400000"));

        Plan plan = TopologyPlanner.plan(admin, changed, secrets);

        assertThat(plan.describe()).containsExactly("~ topic governance.decisions: retention.ms 2592000000 -> 86400000");
        plan.apply(admin);
        // The controller has accepted the change; the broker serving describeConfigs sees it a moment later.
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(topicConfig("governance.decisions").get("retention.ms").value()).isEqualTo("86400000"));
        assertThat(TopologyPlanner.plan(admin, changed, secrets).isEmpty()).isTrue();
        assertThat(TopologyPlanner.plan(admin, catalogue, secrets).describe())
                .containsExactly("~ topic governance.decisions: retention.ms 86400000 -> 2592000000");
    }

    @Test
    void givenTopicWithMorePartitionsThanCatalogue_thenPlanHasErrorAndRefusesToApply() throws Exception {
        admin.createTopics(List.of(new NewTopic("governance.decisions", 5, (short) 1))).all().get();
        // The create returns once the controller has it; wait until the broker's metadata shows it too.
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).ignoreExceptions().until(() ->
                admin.describeTopics(List.of("governance.decisions")).allTopicNames().get()
                        .get("governance.decisions").partitions().size() == 5);

        Plan plan = TopologyPlanner.plan(admin, catalogue, secrets);

        assertThat(plan.errors()).singleElement().asString()
                .contains("governance.decisions has 5 partitions, the catalogue says 3");
        assertThat(plan.describe().get(0)).startsWith("! topic governance.decisions");
        assertThatThrownBy(() -> plan.apply(admin)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("nothing was applied");
        assertThat(admin.listTopics().names().get()).doesNotContain("governance.ledger");
    }

    @Test
    void givenTopicWithFewerPartitions_thenPlanGrowsIt() throws Exception {
        admin.createTopics(List.of(new NewTopic("governance.dead-letters", 1, (short) 1))).all().get();
        // The controller acknowledges before every broker's metadata shows the topic: plan against what it lists.
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30))
                .until(() -> admin.listTopics().names().get().contains("governance.dead-letters"));

        Plan plan = TopologyPlanner.plan(admin, catalogue, secrets);

        assertThat(plan.describe()).contains("~ topic governance.dead-letters: partitions 1 -> 3");
        assertThat(plan.describe().indexOf("~ topic governance.dead-letters: partitions 1 -> 3"))
                .as("creates come before updates")
                .isGreaterThan(plan.describe().indexOf("+ acl User:producer READ group prefix producer-"));
        plan.apply(admin);
        // Likewise after the growth: the controller has it before the broker's metadata that describeTopics reads.
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(admin.describeTopics(List.of("governance.dead-letters")).allTopicNames().get()
                        .get("governance.dead-letters").partitions()).hasSize(3));
    }

    @Test
    void givenAclNotInCatalogue_thenDeletedOnlyWhenDeletesAreAllowed() throws Exception {
        TopologyPlanner.plan(admin, catalogue, secrets).apply(admin);
        AclBinding stray = new AclBinding(new ResourcePattern(ResourceType.TOPIC, "governance.ledger", PatternType.LITERAL),
                new AccessControlEntry("User:orbit", "*", AclOperation.READ, AclPermissionType.ALLOW));
        admin.createAcls(List.of(stray)).all().get();

        assertThat(TopologyPlanner.plan(admin, catalogue, secrets).isEmpty()).isTrue();
        Plan withDeletes = TopologyPlanner.plan(admin, catalogue, secrets, true);

        assertThat(withDeletes.describe()).containsExactly("- acl User:orbit READ topic governance.ledger");
        withDeletes.apply(admin);
        assertThat(TopologyPlanner.plan(admin, catalogue, secrets, true).isEmpty()).isTrue();
    }

    @Test
    void givenExistingScramUser_whenApplied_thenItsPasswordIsNotRotated() throws Exception {
        TopologyPlanner.plan(admin, catalogue, secrets).apply(admin);
        String before = secrets.passwordFor("orbit");

        assertThat(TopologyPlanner.plan(admin, catalogue, new SecretStore(dataDir.resolve("other-secrets"))).isEmpty()).isTrue();
        assertThat(secrets.passwordFor("orbit")).isEqualTo(before);
    }

    private Config topicConfig(String topic) throws Exception {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        return admin.describeConfigs(List.of(resource)).all().get().get(resource);
    }

    @Test
    void givenARunOfAclsOneOfWhichTheBrokerRefuses_whenApplied_thenTheFailureNamesIt_andTheOthersAreAppliedAndReported() throws Exception {
        AclBinding first = new AclBinding(new ResourcePattern(ResourceType.TOPIC, "first", PatternType.LITERAL),
                new AccessControlEntry("User:orbit", "*", AclOperation.READ, AclPermissionType.ALLOW));
        // A principal without its type: the broker refuses this binding, not the others sent with it.
        AclBinding refused = new AclBinding(new ResourcePattern(ResourceType.TOPIC, "second", PatternType.LITERAL),
                new AccessControlEntry("orbit", "*", AclOperation.READ, AclPermissionType.ALLOW));
        AclBinding third = new AclBinding(new ResourcePattern(ResourceType.TOPIC, "third", PatternType.LITERAL),
                new AccessControlEntry("User:orbit", "*", AclOperation.READ, AclPermissionType.ALLOW));
        PlanBuilder builder = new PlanBuilder();
        builder.add(new CreateAcl(first));
        builder.add(new CreateAcl(refused));
        builder.add(new CreateAcl(third));

        assertThatThrownBy(() -> builder.build().apply(admin))
                .isInstanceOf(ApplyException.class)
                .hasMessageContaining(new CreateAcl(refused).describe())
                .satisfies(e -> assertThat(((ApplyException) e).completed().applied())
                        .containsExactly(new CreateAcl(first).describe(), new CreateAcl(third).describe()));
        // The controller committed them; the broker answering describes them a moment later.
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(admin.describeAcls(org.apache.kafka.common.acl.AclBindingFilter.ANY).values().get())
                        .contains(first, third).doesNotContain(refused));
    }
}
