package io.govstream.topology;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A broken catalogue must say which file and what is wrong, in words a user can act on. */
class CatalogueErrorsTest {

    @TempDir
    Path dir;

    @Test
    void givenCopyOfDefaultCatalogue_whenLoadedFromFile_thenSameAsClasspath() throws IOException {
        assertThat(Catalogue.load(write(defaultYaml()))).isEqualTo(Catalogue.load());
    }

    @Test
    void givenBrokenYamlSyntax_thenErrorNamesFileAndSyntax() throws IOException {
        Path file = write("topics:\n  - role: [unclosed\n");

        assertThatThrownBy(() -> Catalogue.load(file))
                .isInstanceOf(CatalogueException.class)
                .hasMessageStartingWith(file.toString())
                .hasMessageContaining("not valid YAML");
    }

    @Test
    void givenMissingFile_thenErrorNamesFile() {
        Path file = dir.resolve("nope.yaml");

        assertThatThrownBy(() -> Catalogue.load(file))
                .isInstanceOf(CatalogueException.class)
                .hasMessage(file + ": file not found");
    }

    @Test
    void givenMisspeltKey_thenErrorNamesPathAndKey() throws IOException {
        Path file = write(defaultYaml().replace("    name: _schemas\n    partitions: 1", "    name: _schemas\n    partitons: 1"));
        int index = Catalogue.load().topics().stream().map(TopicSpec::name).toList().indexOf("_schemas");

        assertThatThrownBy(() -> Catalogue.load(file))
                .isInstanceOf(CatalogueException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("topics[" + index + "]")
                .hasMessageContaining("partitons");
    }

    @Test
    void givenPartitionsNotANumber_thenErrorNamesPath() throws IOException {
        Path file = write(defaultYaml().replace("defaults:\n  partitions: 3", "defaults:\n  partitions: three"));

        assertThatThrownBy(() -> Catalogue.load(file))
                .hasMessageContaining("defaults.partitions: must be a whole number, was 'three'");
    }

    @Test
    void givenMoreInSyncReplicasThanReplicas_thenErrorNamesTopic() throws IOException {
        Path file = write(defaultYaml().replace("    name: governance.ledger\n",
                "    name: governance.ledger\n    replicas: 2\n    min-insync-replicas: 3\n"));

        assertThatThrownBy(() -> Catalogue.load(file))
                .isInstanceOf(CatalogueException.class)
                .hasMessageContaining("min-insync-replicas between 1 and replicas, were 2 and 3");
    }

    @Test
    void givenMinInSyncReplicasAmongConfigs_thenRejected_becauseApplyCouldNotLowerItOnASmallerCluster() throws IOException {
        Path file = write(defaultYaml().replace("      retention.ms: 2592000000 ", "      min.insync.replicas: 2\n      retention.ms: 2592000000 "));

        assertThatThrownBy(() -> Catalogue.load(file))
                .isInstanceOf(CatalogueException.class)
                .hasMessageContaining("set min.insync.replicas with min-insync-replicas");
    }

    @Test
    void givenLedgerWithOtherPartitionCountThanRequests_thenRejected() throws IOException {
        Path file = write(defaultYaml().replace("    name: governance.ledger\n", "    name: governance.ledger\n    partitions: 6\n"));

        assertThatThrownBy(() -> Catalogue.load(file))
                .isInstanceOf(CatalogueException.class)
                .hasMessageContaining("'governance.ledger' has 6 partitions but 'governance.dispatch.requests' has 3");
    }

    @Test
    void givenApprovalsWithOtherPartitionCountThanRequests_thenRejected() throws IOException {
        Path file = write(defaultYaml().replace("    name: governance.approvals\n", "    name: governance.approvals\n    partitions: 6\n"));

        assertThatThrownBy(() -> Catalogue.load(file))
                .isInstanceOf(CatalogueException.class)
                .hasMessageContaining("approvals topic 'governance.approvals' has 6 partitions but 'governance.dispatch.requests' has 3");
    }

    @Test
    void givenAxonRefusalsWithOtherPartitionCountThanRequests_thenRejected() throws IOException {
        Path file = write(defaultYaml().replace("    name: governance.axon.refusals\n", "    name: governance.axon.refusals\n    partitions: 2\n"));

        assertThatThrownBy(() -> Catalogue.load(file))
                .isInstanceOf(CatalogueException.class)
                .hasMessageContaining("axon-refusals topic 'governance.axon.refusals' has 2 partitions but 'governance.dispatch.requests' has 3");
    }

    @Test
    void givenFlagsAndErasuresWithOtherPartitionCountsThanRequests_thenAccepted_governanceCopiesThemToEveryTask() throws IOException {
        Path file = write(defaultYaml().replace("    name: governance.flags\n", "    name: governance.flags\n    partitions: 1\n")
                .replace("    name: governance.ledger.erasures\n", "    name: governance.ledger.erasures\n    partitions: 5\n"));

        Catalogue catalogue = Catalogue.load(file);

        assertThat(catalogue.topic("flags").partitions()).isEqualTo(1);
        assertThat(catalogue.topic("ledger-erasures").partitions()).isEqualTo(5);
    }

    @Test
    void givenPoliciesWithMoreThanOnePartition_thenRejected_publicationsNeedOneOrder() throws IOException {
        Path file = write(defaultYaml().replace("    name: governance.policies\n    partitions: 1\n", "    name: governance.policies\n    partitions: 3\n"));

        assertThatThrownBy(() -> Catalogue.load(file))
                .isInstanceOf(CatalogueException.class)
                .hasMessageContaining("policies topic 'governance.policies' has 3 partitions; it must have 1");
    }

    @Test
    void givenDeploymentsWithOtherPartitionCountThanRequests_thenRejected() throws IOException {
        Path file = write(defaultYaml().replace("    name: governance.deployments\n", "    name: governance.deployments\n    partitions: 4\n"));

        assertThatThrownBy(() -> Catalogue.load(file))
                .isInstanceOf(CatalogueException.class)
                .hasMessageContaining("deployments topic 'governance.deployments' has 4 partitions but 'governance.dispatch.requests' has 3");
    }

    @Test
    void givenCompactedLedger_thenRejected() throws IOException {
        Path file = write(defaultYaml().replace("      retention.bytes: -1\n      cleanup.policy: delete",
                "      retention.bytes: -1\n      cleanup.policy: compact"));

        assertThatThrownBy(() -> Catalogue.load(file))
                .hasMessageContaining("must never be compacted");
    }

    @Test
    void givenWildcardAcl_thenRejected() throws IOException {
        Path file = write(defaultYaml().replace("{ group: axon,", "{ group: \"*\","));

        assertThatThrownBy(() -> Catalogue.load(file))
                .isInstanceOf(CatalogueException.class)
                .hasMessageContaining("principal 'axon', group '*': wildcard resource names are not allowed");
    }

    @Test
    void givenUnknownOperation_thenErrorListsTheValidOnes() throws IOException {
        Path file = write(defaultYaml().replace("{ topic-role: schemas, operations: [READ,",
                "{ topic-role: schemas, operations: [RAED,"));

        assertThatThrownBy(() -> Catalogue.load(file))
                .hasMessageContaining("principals[3].acls[0].operations[0]: 'RAED' is not one of [ALL, READ, WRITE");
    }

    @Test
    void givenAclOnUnknownTopicRole_thenErrorNamesTheRole() throws IOException {
        Path file = write(defaultYaml().replace("{ topic-role: approvals,", "{ topic-role: aprovals,"));

        assertThatThrownBy(() -> Catalogue.load(file))
                .hasMessageContaining("topic-role 'aprovals' is not a role of any topic");
    }

    @Test
    void givenMissingRequiredRole_thenErrorNamesTheRole() throws IOException {
        Path file = write(defaultYaml().replace("role: dead-letters", "role: dead-letter"));

        assertThatThrownBy(() -> Catalogue.load(file))
                .hasMessageContaining("no topic has the role 'dead-letters'");
    }

    private Path write(String yaml) throws IOException {
        Path file = dir.resolve("catalogue.yaml");
        Files.writeString(file, yaml);
        return file;
    }

    private static String defaultYaml() {
        try (InputStream in = CatalogueErrorsTest.class.getClassLoader().getResourceAsStream(Catalogue.RESOURCE)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
