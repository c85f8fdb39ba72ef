package io.govstream.cli;

import io.govstream.cli.platform.EmbeddedPlatform;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Hands the tests of {@link OnSharedPlatform} classes one embedded platform per test JVM (per
 * failsafe fork): started by the first test that asks for it, stopped and its data dir deleted
 * when the JVM's test run ends (it lives in the root context's store, which closes it).
 *
 * <p>What a test on it must do, since others ran before it and others follow: use its own
 * tenants, subjects, policy set ids and correlation ids ({@link Unique}); assert on what it made
 * (its own entries, or a counter's change across its own traffic), never on a global total; and
 * leave nothing behind that changes another test's decisions: no global policy, no flag, no
 * restart. A test that needs any of those runs a platform of its own ({@link PrivatePlatform}).
 * Tests in one JVM run one after the other, so a counter's change across a test's traffic is that
 * traffic's.
 */
public final class SharedPlatformExtension implements ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(SharedPlatformExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == EmbeddedPlatform.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return platform(context);
    }

    /** The JVM's shared platform, started on first use. */
    public static EmbeddedPlatform platform(ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent(Shared.class, key -> Shared.start(), Shared.class).platform;
    }

    /** The platform and its data dir; closed by JUnit with the root store at the end of the run. */
    private static final class Shared implements AutoCloseable {
        private final Path dataDir;
        private final EmbeddedPlatform platform;

        private Shared(Path dataDir, EmbeddedPlatform platform) {
            this.dataDir = dataDir;
            this.platform = platform;
        }

        static Shared start() {
            try {
                Path dataDir = Files.createTempDirectory("govstream-shared-platform-");
                return new Shared(dataDir, EmbeddedPlatform.start(TestPorts.platform(dataDir), step -> { }));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void close() throws IOException {
            try {
                platform.close();
            } finally {
                try (Stream<Path> files = Files.walk(dataDir)) {
                    files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
                }
            }
        }
    }
}
