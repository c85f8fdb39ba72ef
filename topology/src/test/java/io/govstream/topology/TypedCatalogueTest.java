package io.govstream.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The typed catalogue: roles carry the value type the platform's code reads and writes there. */
class TypedCatalogueTest {
    private static final Catalogue SHIPPED = Catalogue.load();

    @Test
    void givenACatalogueThatDeclaresAnotherValueSchemaForARole_whenChecked_thenRefusedNamingRoleAndBothSchemas() {
        // An edited catalogue would send ledger entries' readers records of another schema.
        TopicSpec ledger = SHIPPED.topic(Topics.LEDGER);
        Catalogue edited = CatalogueEdits.withTopic(SHIPPED, new TopicSpec(ledger.role(), ledger.name(), ledger.partitions(), ledger.replicas(),
                ledger.minInSyncReplicas(), ledger.configs(),
                "io.govstream.events.GovernanceDecision", ledger.purgedOnErasure()));

        assertThat(CatalogueRules.check(edited)).anySatisfy(problem -> assertThat(problem)
                .contains("'ledger'", "io.govstream.events.GovernanceDecision", "io.govstream.events.LedgerEntry"));
        assertThatThrownBy(() -> new Topics(edited)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'ledger'").hasMessageContaining("io.govstream.events.LedgerEntry");
        assertThat(CatalogueRules.check(SHIPPED)).isEmpty();
    }

    @Test
    void givenAPrefix_whenTopicsAreNamed_thenEveryNameIsTheCataloguesUnderThePrefix_andATypedSerdeRoundTrips() {
        Topics topics = Topics.prefixed("run-7.");

        assertThat(topics.name(Topics.DECISIONS)).isEqualTo("run-7." + SHIPPED.topic(Topics.DECISIONS).name());
        assertThat(topics.all()).hasSize(Topics.REQUIRED_ROLES.size()).allSatisfy(name -> assertThat(name).startsWith("run-7."));
        TopicSerdes serdes = new TopicSerdes(new io.govstream.schemas.registry.InMemorySchemaRegistryClient());
        assertThat(serdes.value(Topics.DECISIONS)).isSameAs(serdes.value(Topics.DECISIONS));
        assertThatThrownBy(() -> serdes.value(Topics.SCHEMAS)).hasMessageContaining("'schemas' has no Avro value type");
    }

    @Test
    void givenACatalogueWithoutThePersonalChangelogProfile_whenTopicsAreMade_thenRefused() {
        Catalogue without = new Catalogue(SHIPPED.topics(), SHIPPED.principals(), java.util.Map.of());

        assertThatThrownBy(() -> new Topics(without)).hasMessageContaining("changelog profile 'personal'");
        assertThat(SHIPPED.changelog(Topics.PERSONAL_CHANGELOG)).isEqualTo(SHIPPED.topic(Topics.LEDGER_KEYS).configs());
    }
}
