package io.govstream.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.context.ApplicationContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The registry's settings as Micronaut binds them: the defaults with nothing set, and what a deployment sets. */
class RegistrySettingsTest {

    @Test
    void givenNothingConfigured_thenEverySettingHasItsDefault_andNoOneMayWrite() {
        try (ApplicationContext context = ApplicationContext.builder().environments("registry")
                .properties(Map.of("registry.store", "memory")).start()) {
            RegistrySettings settings = context.getBean(RegistrySettings.class);

            assertThat(settings.topic()).isEqualTo("_schemas");
            assertThat(settings.timeout()).isEqualTo(Duration.ofSeconds(30));
            assertThat(settings.auth().users()).allSatisfy(user -> assertThat(user).isBlank());
            assertThat(settings.auth().passwordDir()).isEmpty();
        }
    }

    @Test
    void givenWritersAsTheChartSetsThem_thenEachIsBound(@TempDir Path passwords) throws Exception {
        for (String user : new String[] {"governance", "orbit", "axon"}) {
            Path file = Files.writeString(passwords.resolve(user + ".password"), "secret-of-" + user);
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        }
        try (ApplicationContext context = ApplicationContext.builder().environments("registry").properties(Map.of(
                "registry.store", "memory",
                "registry.auth.users", "governance,orbit,axon",
                "registry.auth.password-dir", passwords.toString(),
                "registry.timeout", "5s")).start()) {
            RegistrySettings settings = context.getBean(RegistrySettings.class);

            assertThat(settings.auth().users()).containsExactly("governance", "orbit", "axon");
            assertThat(settings.auth().passwordDir()).isEqualTo(passwords.toString());
            assertThat(settings.timeout()).isEqualTo(Duration.ofSeconds(5));
        }
    }
}
