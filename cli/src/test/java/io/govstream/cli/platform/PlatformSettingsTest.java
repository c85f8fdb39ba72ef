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

    /** Settings as {@code govctl up --tls --bind --registry-url} builds them, on the default ports. */
    private static PlatformSettings up(boolean tls, String bindAddress, String registryUrl) {
        return new PlatformSettings(DIR, PlatformSettings.KAFKA, PlatformSettings.CONTROLLER, PlatformSettings.REGISTRY,
                PlatformSettings.ORBIT, PlatformSettings.AXON, PlatformSettings.GOVERNANCE, tls, bindAddress, null, registryUrl);
    }
}
