package io.govstream.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.context.ApplicationContext;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The settings every process shares, as Micronaut binds them: the defaults with nothing set, and what a deployment sets. */
class PlatformSettingsTest {

    @Test
    void givenNothingConfigured_thenEverySettingHasItsDefault() {
        try (ApplicationContext context = ApplicationContext.builder().start()) {
            PlatformSettings settings = context.getBean(PlatformSettings.class);

            assertThat(settings.catalogue()).isEmpty();
            assertThat(settings.metrics().probeInterval()).isEqualTo(Duration.ofSeconds(15));
            assertThat(settings.health().cache()).isEqualTo(Duration.ofSeconds(10));
            assertThat(settings.health().kafka().timeout()).isEqualTo(Duration.ofSeconds(5));
            assertThat(settings.health().registry().timeout()).isEqualTo(Duration.ofSeconds(3));
            assertThat(settings.watchdog().maxSilence()).isEqualTo(Duration.ofSeconds(60));
        }
    }

    @Test
    void givenSettingsAsADeploymentSetsThem_thenTheyAreBound() {
        try (ApplicationContext context = ApplicationContext.builder().properties(Map.of(
                "govstream.catalogue", "/etc/govstream/catalogue.yaml",
                "govstream.health.kafka.timeout", "2s",
                "govstream.watchdog.max-silence", "2m")).start()) {
            PlatformSettings settings = context.getBean(PlatformSettings.class);

            assertThat(settings.catalogue()).isEqualTo("/etc/govstream/catalogue.yaml");
            assertThat(settings.health().kafka().timeout()).isEqualTo(Duration.ofSeconds(2));
            assertThat(settings.health().registry().timeout()).as("its sibling keeps its default").isEqualTo(Duration.ofSeconds(3));
            assertThat(settings.watchdog().maxSilence()).isEqualTo(Duration.ofMinutes(2));
        }
    }
}
