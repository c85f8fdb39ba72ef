package io.govstream.axon.work;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.context.ApplicationContext;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Axon's settings as Micronaut binds them: the defaults with nothing set, and what a deployment sets. */
class AxonSettingsTest {

    @Test
    void givenNothingConfigured_thenEverySettingHasItsDefault_andEachInstanceItsOwnWorkerId() {
        AxonSettings first;
        try (ApplicationContext context = ApplicationContext.builder().environments("axon").start()) {
            first = context.getBean(AxonSettings.class);
        }
        AxonSettings second;
        try (ApplicationContext context = ApplicationContext.builder().environments("axon").start()) {
            second = context.getBean(AxonSettings.class);
        }

        assertThat(first.workerId()).matches("axon-[0-9A-Za-z_-]+").isNotEqualTo(second.workerId());
        assertThat(first.groupId()).isEqualTo("axon");
        assertThat(first.target()).isEqualTo("axon");
        assertThat(first.commands().verifyKey()).isEmpty();
        assertThat(first.commands().doneLookback()).isEqualTo(Duration.ofHours(1));
        AxonSettings.Resilience resilience = first.resilience();
        assertThat(resilience.attempts()).isEqualTo(3);
        assertThat(resilience.firstBackoff()).isEqualTo(Duration.ofMillis(100));
        assertThat(resilience.breakerWindow()).isEqualTo(20);
        assertThat(resilience.openFor()).isEqualTo(Duration.ofSeconds(30));
        assertThat(resilience.retryTopicAttempts()).isEqualTo(5);
        assertThat(resilience.retryFirstDelay()).isEqualTo(Duration.ofSeconds(5));
        assertThat(resilience.workTimeout(Duration.ofSeconds(20))).as("a quarter of the transaction timeout").isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void givenSettingsAsADeploymentSetsThem_thenTheyAreBound() {
        try (ApplicationContext context = ApplicationContext.builder().environments("axon").properties(Map.of(
                "axon.worker-id", "axon-0",
                "axon.commands.verify-key", "/run/secrets/command-verify.json",
                "axon.resilience.retry-topic-attempts", "2",
                "axon.resilience.work-timeout", "30s")).start()) {
            AxonSettings settings = context.getBean(AxonSettings.class);

            assertThat(settings.workerId()).isEqualTo("axon-0");
            assertThat(settings.commands().verifyKey()).isEqualTo("/run/secrets/command-verify.json");
            assertThat(settings.resilience().retryTopicAttempts()).isEqualTo(2);
            assertThat(settings.resilience().attempts()).as("its sibling keeps its default").isEqualTo(3);
            assertThat(settings.resilience().workTimeout(Duration.ofSeconds(20))).isEqualTo(Duration.ofSeconds(30));
        }
    }
}
