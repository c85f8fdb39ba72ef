package io.govstream.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The image tars each image module builds with its tests (jib:buildTar on scratch, root pom):
 * what we put on top of the base image is what the CI workflow pushes on the real base.
 */
class ImageTarTest {

    record Image(String module, String name, String mainClass, Service service, List<String> ownJars) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> images() {
        return Stream.of(
                new Image("governance-streams", "governance-streams", "io.govstream.governance.app.GovernanceApplication",
                        Service.GOVERNANCE, List.of("govstream-runtime", "govstream-ledger", "govstream-topology", "govstream-schemas", "govstream-secrets")),
                new Image("services/orbit", "orbit", "io.govstream.orbit.OrbitApplication",
                        Service.ORBIT, List.of("govstream-runtime", "govstream-topology", "govstream-schemas", "govstream-secrets")),
                new Image("services/axon", "axon", "io.govstream.axon.AxonApplication",
                        Service.AXON, List.of("govstream-runtime", "govstream-topology", "govstream-schemas", "govstream-secrets")),
                new Image("schemas/registry", "schema-registry", "io.govstream.registry.RegistryApplication",
                        Service.REGISTRY, List.of("govstream-schemas", "govstream-secrets")),
                new Image("cli", "govctl", "io.govstream.cli.Govctl",
                        null, List.of("govstream-ledger", "govstream-topology", "govstream-governance-streams", "govstream-orbit")))
                .map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("images")
    void givenTheBuiltImageTar_whenItsConfigIsRead_thenItRunsOurMainClassAsNonRootWithContainerJvmFlags(Image image) throws IOException {
        ImageTar tar = ImageTar.read(tarOf(image));
        JsonNode config = tar.config().path("config");

        String user = config.path("User").asText();
        assertThat(user).as("numeric uid:gid, so runAsNonRoot can check it").matches("\\d+:\\d+");
        assertThat(Integer.parseInt(user.split(":")[0])).as("uid").isGreaterThan(0);

        List<String> entrypoint = new ArrayList<>();
        config.path("Entrypoint").forEach(e -> entrypoint.add(e.asText()));
        assertThat(entrypoint).first().isEqualTo("java");
        assertThat(entrypoint).last().isEqualTo(image.mainClass());
        assertThat(entrypoint).contains("-XX:MaxRAMPercentage=75.0", "-XX:+ExitOnOutOfMemoryError");

        if (image.service() == null) {
            assertThat(config.path("ExposedPorts").size()).as("a command-line image exposes no port").isZero();
        } else {
            assertThat(fieldNames(config.path("ExposedPorts")))
                    .as("the port the service listens on (micronaut.server.port)")
                    .containsExactly(image.service().port() + "/tcp");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("images")
    void givenTheBuiltImageTar_whenItsLabelsAreRead_thenTheyNameTheVersionAndTheRevision(Image image) throws IOException {
        ImageTar tar = ImageTar.read(tarOf(image));
        JsonNode labels = tar.config().path("config").path("Labels");

        assertThat(labels.path("org.opencontainers.image.title").asText()).isEqualTo(image.name());
        assertThat(labels.path("org.opencontainers.image.version").asText()).isEqualTo(System.getProperty("project.version"));
        assertThat(labels.path("org.opencontainers.image.revision").asText())
                .as("the revision the build was given (-Dimage.revision, the git SHA in CI)")
                .isEqualTo(System.getProperty("image.revision"))
                .isNotBlank();
        assertThat(tar.repoTags()).containsExactly("ghcr.io/govstream/" + image.name() + ":" + System.getProperty("project.version"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("images")
    void givenTheBuiltImageTar_whenItsLayersAreListed_thenTheyHoldOurClassesAndJarsOnTheClasspath(Image image) throws IOException {
        ImageTar tar = ImageTar.read(tarOf(image));

        assertThat(tar.files()).contains("app/classes/" + image.mainClass().replace('.', '/') + ".class");
        for (String jar : image.ownJars()) {
            assertThat(tar.files()).anyMatch(f -> f.startsWith("app/libs/" + jar + "-") && f.endsWith(".jar"));
        }
        assertThat(tar.files()).anyMatch(f -> f.matches("app/libs/kafka-clients-.*\\.jar"));
        assertThat(tar.text("app/jib-classpath-file")).contains("/app/classes", "/app/libs/kafka-clients-");
        assertThat(tar.text("app/jib-main-class-file").strip()).isEqualTo(image.mainClass());
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static Path tarOf(Image image) {
        Path tar = Repo.path(image.module()).resolve("target/jib-image.tar");
        assertThat(tar).as("built by the module's image-tar execution (package phase; skipped with -DskipTests)").exists();
        return tar;
    }

    /** A docker-load tar as Jib writes it: manifest.json, config.json and gzipped layer tars. */
    record ImageTar(JsonNode manifest, JsonNode config, Map<String, byte[]> small, List<String> files) {
        private static final Map<Path, ImageTar> CACHE = new java.util.concurrent.ConcurrentHashMap<>();

        static ImageTar read(Path file) throws IOException {
            ImageTar cached = CACHE.get(file);
            if (cached == null) {
                cached = load(file);
                CACHE.put(file, cached);
            }
            return cached;
        }

        private static ImageTar load(Path file) throws IOException {
            Map<String, byte[]> entries = new HashMap<>();
            try (TarArchiveInputStream in = new TarArchiveInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
                for (TarArchiveEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                    entries.put(e.getName(), in.readAllBytes());
                }
            }
            JsonNode manifest = Repo.JSON.readTree(entries.get("manifest.json")).get(0);
            JsonNode config = Repo.JSON.readTree(entries.get(manifest.path("Config").asText()));
            Map<String, byte[]> small = new HashMap<>();
            List<String> files = new ArrayList<>();
            for (JsonNode layer : manifest.path("Layers")) {
                try (TarArchiveInputStream in = new TarArchiveInputStream(
                        new GZIPInputStream(new java.io.ByteArrayInputStream(entries.get(layer.asText()))))) {
                    for (TarArchiveEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                        files.add(e.getName());
                        if (e.getName().startsWith("app/jib-")) {
                            small.put(e.getName(), in.readAllBytes());
                        }
                    }
                }
            }
            return new ImageTar(manifest, config, small, files);
        }

        List<String> repoTags() {
            List<String> tags = new ArrayList<>();
            manifest.path("RepoTags").forEach(t -> tags.add(t.asText()));
            return tags;
        }

        String text(String path) {
            byte[] bytes = small.get(path);
            assertThat(bytes).as(path + " in a layer").isNotNull();
            return new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
        }
    }
}
