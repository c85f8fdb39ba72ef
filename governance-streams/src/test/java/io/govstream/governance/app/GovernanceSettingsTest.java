package io.govstream.governance.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.context.ApplicationContext;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** governance-streams' settings as Micronaut binds them: the defaults with nothing set, and what a deployment sets. */
class GovernanceSettingsTest {

    @Test
    void givenNothingConfigured_thenEverySettingHasItsDefault() {
        try (ApplicationContext context = ApplicationContext.builder().environments("governance").start()) {
            GovernanceSettings settings = context.getBean(GovernanceSettings.class);

            assertThat(settings.stateDir()).isEqualTo(".govctl/streams");
            assertThat(settings.policyFile()).isEmpty();
            assertThat(settings.maxRequestAge()).isEqualTo(Duration.ofMinutes(5));
            assertThat(settings.policy().maxEstimatedCost()).isEqualTo(1_000_000L);
            assertThat(settings.policy().maxEvaluationCost()).isEqualTo(1_000_000L);
            assertThat(settings.metrics().maxTenants()).isEqualTo(20);
            assertThat(settings.metrics().maxRules()).isEqualTo(100);
            assertThat(settings.commands().signingKey()).isEmpty();
            assertThat(settings.commands().ttl()).isEqualTo(Duration.ofHours(1));
            assertThat(settings.votes().verifyKey()).isEmpty();
            assertThat(settings.ledger().signingKey()).isEmpty();
            assertThat(settings.ledger().checkpointEvery()).isEqualTo(1000L);
            assertThat(settings.ledger().checkpointInterval()).isEqualTo(Duration.ofSeconds(10));
            assertThat(settings.ledger().kek()).isEmpty();
        }
    }

    @Test
    void givenSettingsAsADeploymentSetsThem_thenTheyAreBound() {
        try (ApplicationContext context = ApplicationContext.builder().environments("governance").properties(Map.of(
                "governance.state-dir", "/var/lib/govstream/streams",
                "governance.max-request-age", "90s",
                "governance.policy.max-evaluation-cost", "5000",
                "governance.ledger.kek", "env://GOVSTREAM_KEK",
                "governance.ledger.checkpoint-every", "50",
                "governance.commands.ttl", "10m")).start()) {
            GovernanceSettings settings = context.getBean(GovernanceSettings.class);

            assertThat(settings.stateDir()).isEqualTo("/var/lib/govstream/streams");
            assertThat(settings.maxRequestAge()).isEqualTo(Duration.ofSeconds(90));
            assertThat(settings.policy().maxEvaluationCost()).isEqualTo(5000L);
            assertThat(settings.policy().maxEstimatedCost()).as("its sibling keeps its default").isEqualTo(1_000_000L);
            assertThat(settings.ledger().kek()).isEqualTo("env://GOVSTREAM_KEK");
            assertThat(settings.ledger().checkpointEvery()).isEqualTo(50L);
            assertThat(settings.commands().ttl()).isEqualTo(Duration.ofMinutes(10));
        }
    }
}
