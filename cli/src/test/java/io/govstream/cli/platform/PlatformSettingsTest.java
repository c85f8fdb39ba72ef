package io.govstream.cli.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.govstream.cli.GovctlRun;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where govctl up's HTTP ports listen, and the URLs it then hands out. */
class PlatformSettingsTest {
    private static final Path DIR = Path.of("/tmp/unused");

    @Test
    void givenNoBindAddress_whenDefaults_thenLoopbackAndLocalhostUrls() {
        PlatformSettings settings = up(false, PlatformSettings.LOOPBACK, null);

        assertThat(settings.bindAddress()).isEqualTo("127.0.0.1");
        assertThat(settings.registryUrl()).isEqualTo("http://localhost:8081");
        assertThat(settings.orbitUrl()).isEqualTo("http://localhost:8080");
        assertThat(up(true, PlatformSettings.LOOPBACK, null).bindAddress()).isEqualTo("127.0.0.1");
    }

    @Test
    void givenTls_whenSettings_thenEveryUrlIsHttps_andCaAndCertificateAreTheDataDirs() {
        PlatformSettings settings = up(true, PlatformSettings.LOOPBACK, null);

        assertThat(settings.registryUrl()).isEqualTo("https://localhost:8081");
        assertThat(settings.orbitUrl()).isEqualTo("https://localhost:8080");
        assertThat(settings.axonUrl()).isEqualTo("https://localhost:8082");
        assertThat(settings.governanceUrl()).isEqualTo("https://localhost:8083");
        assertThat(settings.caCert()).isEqualTo(DIR.resolve("tls/ca.crt"));
        assertThat(settings.serverPem()).isEqualTo(DIR.resolve("tls/server.pem"));
        assertThat(up(false, PlatformSettings.LOOPBACK, null).caCert()).isNull();
        assertThat(up(false, PlatformSettings.LOOPBACK, null).serverPem()).isNull();
    }

    @Test
    void givenEveryInterface_whenBound_thenUrlsStillSayLocalhost() {
        PlatformSettings settings = up(false, "0.0.0.0", null);

        assertThat(settings.bindAddress()).isEqualTo("0.0.0.0");
        assertThat(settings.axonUrl()).isEqualTo("http://localhost:8082");
    }

    @Test
    void givenAnAddressOfThisMachine_whenBound_thenUrlsUseIt() throws SocketException {
        Optional<InetAddress> address = NetworkInterface.networkInterfaces().flatMap(NetworkInterface::inetAddresses)
                .filter(a -> a instanceof Inet4Address && !a.isLoopbackAddress()).findFirst();
        Assumptions.assumeTrue(address.isPresent(), "this machine has no IPv4 address but loopback");
        String ip = address.get().getHostAddress();

        PlatformSettings settings = up(false, ip, null);

        assertThat(settings.governanceUrl()).isEqualTo("http://" + ip + ":8083");
    }

    @Test
    void givenANameOrAForeignAddress_whenBound_thenRefusedSayingWhatWouldDo() {
        assertThatThrownBy(() -> up(false, "example.com", null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is not an IP address");
        assertThatThrownBy(() -> up(false, "203.0.113.9", null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not an address of this machine")
                .hasMessageContaining("0.0.0.0");
    }

    @Test
    void givenUp_whenBindIsForeign_thenExitsWithTheReasonBeforeStartingAnything(@TempDir Path dataDir) {
        GovctlRun run = GovctlRun.of("up", "--data-dir", dataDir.toString(), "--bind", "203.0.113.9");

        assertThat(run.code()).isNotZero();
        assertThat(run.err()).contains("bind address 203.0.113.9 is not an address of this machine");
    }

    @Test
    void givenAnExternalRegistry_whenSettings_thenEveryRegistryUrlIsIt_andItsCredentialsAreNeverShown() {
        PlatformSettings settings = up(false, PlatformSettings.LOOPBACK, "http://svc:s3cret@registry.example:8080/apis/ccompat/v7");

        assertThat(settings.externalRegistry()).isTrue();
        assertThat(settings.registryUrl()).isEqualTo("http://svc:s3cret@registry.example:8080/apis/ccompat/v7");
        assertThat(settings.registryUrlWithoutCredentials()).isEqualTo("http://registry.example:8080/apis/ccompat/v7");
        assertThat(settings.toString()).doesNotContain("s3cret").contains("registry.example:8080");
        assertThat(up(true, PlatformSettings.LOOPBACK, settings.externalRegistryUrl()).registryUrl()).as("the external registry keeps its own scheme")
                .isEqualTo("http://svc:s3cret@registry.example:8080/apis/ccompat/v7");
        assertThat(up(false, PlatformSettings.LOOPBACK, " ").externalRegistry()).isFalse();
    }

    @Test
    void givenAnExternalRegistryUrlThatIsNoHttpUrl_whenSettings_thenRefusedWithoutItsCredentials() {
        assertThatThrownBy(() -> up(false, PlatformSettings.LOOPBACK, "registry:8081"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must be http:// or https://");
        assertThatThrownBy(() -> up(false, PlatformSettings.LOOPBACK, "ftp://u:s3cret@registry/x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining("s3cret");
    }

    @Test
    void givenUp_whenRegistryUrlIsNoUrl_thenExitsWithTheReasonBeforeStartingAnything(@TempDir Path dataDir) {
        GovctlRun run = GovctlRun.of("up", "--data-dir", dataDir.toString(), "--registry-url", "localhost:8081");

        assertThat(run.code()).isNotZero();
        assertThat(run.err()).contains("registry URL localhost:8081 must be http:// or https://");
    }

    @Test
    void givenThreeBrokers_thenNodeNListensTwoPortsFurtherPerNode_allInTheDataDir() {
        PlatformSettings settings = new PlatformSettings(DIR, PlatformSettings.KAFKA, PlatformSettings.CONTROLLER,
                PlatformSettings.REGISTRY, PlatformSettings.ORBIT, PlatformSettings.AXON, PlatformSettings.GOVERNANCE, false,
                PlatformSettings.LOOPBACK, null, null, 3, 2);

        var brokers = settings.brokerSettings();
        assertThat(brokers.nodes()).isEqualTo(3);
        assertThat(brokers.port(1)).isEqualTo(9092);
        assertThat(brokers.controllerPort(1)).isEqualTo(9093);
        assertThat(brokers.port(3)).isEqualTo(9096);
        assertThat(brokers.controllerPort(3)).isEqualTo(9097);
        assertThat(brokers.kafkaDir(1)).isEqualTo(DIR.resolve("kafka"));
        assertThat(brokers.kafkaDir(2)).isEqualTo(DIR.resolve("kafka-2"));
    }

    @Test
    void givenTwoBrokersOrTooMany_thenRefused_withWhy() {
        assertThatThrownBy(() -> scaled(2, 1)).hasMessageContaining("two controllers cannot lose one");
        assertThatThrownBy(() -> scaled(10, 1)).hasMessageContaining("brokers must be 1, or 3 to 9, was 10");
        assertThatThrownBy(() -> scaled(1, 0)).hasMessageContaining("instances must be 1 to 9, was 0");
        assertThatThrownBy(() -> new PlatformSettings(DIR, 9092, 9094, 1, 2, 3, 4, false, PlatformSettings.LOOPBACK, null, null, 3, 1)
                .brokerSettings()).hasMessageContaining("9094 is named twice");
    }

    @Test
    void givenEphemeralCluster_thenEveryNodesPortsAreFree_andDistinct() {
        PlatformSettings settings = PlatformSettings.ephemeral(DIR, 3, 2);

        assertThat(settings.brokerSettings().nodes()).isEqualTo(3);
        assertThat(settings.instances()).isEqualTo(2);
        assertThat(settings.brokerSettings().port(3)).isEqualTo(settings.kafkaPort() + 4);
    }

    private static PlatformSettings scaled(int brokers, int instances) {
        return new PlatformSettings(DIR, 9092, 9093, 8081, 8080, 8082, 8083, false, PlatformSettings.LOOPBACK, null, null,
                brokers, instances);
    }

    /** Settings as {@code govctl up --tls --bind --registry-url} builds them, on the default ports. */
    private static PlatformSettings up(boolean tls, String bindAddress, String registryUrl) {
        return new PlatformSettings(DIR, PlatformSettings.KAFKA, PlatformSettings.CONTROLLER, PlatformSettings.REGISTRY,
                PlatformSettings.ORBIT, PlatformSettings.AXON, PlatformSettings.GOVERNANCE, tls, bindAddress, null, registryUrl, 1, 1);
    }
}
