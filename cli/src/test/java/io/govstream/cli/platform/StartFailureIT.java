package io.govstream.cli.platform;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.assertThatNoException;

import io.govstream.cli.PrivatePlatform;
import io.govstream.cli.TestPorts;
import io.govstream.cli.client.PlatformException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A platform whose start fails half-way says which service could not start and where, and stops
 * what it had started: the services start side by side, so the others may be up when one fails.
 */
@PrivatePlatform("its start is meant to fail")
class StartFailureIT {
    @TempDir
    Path dir;

    @Test
    void givenOrbitsPortIsTaken_whenThePlatformStarts_thenItFailsNamingThePort_andStopsWhatItHadStarted() throws Exception {
        PlatformSettings settings = TestPorts.platform(dir.resolve("data"));
        try (ServerSocket taken = new ServerSocket(settings.orbitPort(), 50, InetAddress.getByName(PlatformSettings.LOOPBACK))) {
            assertThatThrownBy(() -> EmbeddedPlatform.start(settings, step -> { }))
                    .isInstanceOf(PlatformException.class)
                    .hasMessageContaining("could not start orbit on " + PlatformSettings.LOOPBACK + ":" + settings.orbitPort());
        }
        // then: the broker, the registry and the services that did start were stopped: their ports are free again
        Map<String, Integer> ports = Map.of("kafka", settings.kafkaPort(), "registry", settings.registryPort(),
                "axon", settings.axonPort(), "governance-streams", settings.governancePort());
        ports.forEach((service, port) -> assertThatNoException().as(service + "'s port " + port + " is free").isThrownBy(() -> {
            // (Java's ServerSocket sets SO_REUSEADDR here: a closed listener's TIME_WAIT connections do not count)
            new ServerSocket(port, 50, InetAddress.getByName(PlatformSettings.LOOPBACK)).close();
        }));
    }
}
