package io.govstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import io.govstream.cli.dispatch.OrbitClient;
import io.govstream.cli.platform.EmbeddedPlatform;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Secrets and people never enter the logs: the whole platform runs with every logger at DEBUG,
 * serves a dispatch, stops, and neither a generated password nor the person the dispatch was for
 * appears in any log line.
 */
@Timeout(300)
@PrivatePlatform("captures every log line of a whole platform run, start to stop, with every logger at DEBUG")
class SecretsNotLoggedIT {

    @TempDir
    Path dataDir;

    @Test
    void givenEveryLoggerAtDebug_whenThePlatformRunsADispatch_thenNoGeneratedPasswordNorThePersonIsLogged() throws Exception {
        String person = Unique.name("pat") + "@example.com";
        LoggerContext logging = (LoggerContext) LoggerFactory.getILoggerFactory();
        Logger root = logging.getLogger(Logger.ROOT_LOGGER_NAME);
        java.util.Map<Logger, Level> before = new java.util.HashMap<>();
        for (Logger logger : logging.getLoggerList()) {
            if (logger.getLevel() != null) {
                before.put(logger, logger.getLevel());
                logger.setLevel(Level.DEBUG);
            }
        }
        root.setLevel(Level.DEBUG);
        // The capture reads every line; the console (the build log) gets none of the run's tens of thousands.
        List<Appender<ILoggingEvent>> console = new ArrayList<>();
        root.iteratorForAppenders().forEachRemaining(console::add);
        console.forEach(root::detachAppender);
        LogCapture capture = LogCapture.onRoot();
        Path kekFile;
        try (EmbeddedPlatform platform = EmbeddedPlatform.start(TestPorts.platform(dataDir), step -> { })) {
            kekFile = platform.kek().file();
            OrbitClient orbit = new OrbitClient(platform.settings().orbitUrl(), platform.dispatcherTokens(), null);
            String id = orbit.dispatch(new OrbitClient.Dispatch("axon", "reason", person, "acme", "{}"));
            assertThat(orbit.await(id, Duration.ofSeconds(60)).path("status").asText()).isEqualTo("COMPLETED");
        } finally {
            before.forEach(Logger::setLevel);
            capture.stop();
            console.forEach(root::addAppender);
        }

        List<String> secrets = secrets(dataDir.resolve("secrets"));
        assertThat(secrets).as("the platform generated its principals' passwords").hasSizeGreaterThanOrEqualTo(6);
        // The ledger's KEK, kept outside the data dir, is no more logged than the rest.
        secrets.add(Files.readString(kekFile).strip());
        assertThat(capture.lines).as("the run logged at DEBUG").hasSizeGreaterThan(1_000);
        for (String line : capture.lines) {
            for (String secret : secrets) {
                assertThat(line).as("a log line leaks a generated password").doesNotContain(secret);
            }
        }
        // People: at the levels the platform logs at (INFO and above). At DEBUG, Micronaut Security prints a token's
        // attributes, its subject among them (docs/security.md: never run io.micronaut.security at DEBUG in production).
        assertThat(capture.infoAndAbove).as("the run logged at INFO").isNotEmpty();
        for (String line : capture.infoAndAbove) {
            assertThat(line).as("a log line names the person the dispatch was for").doesNotContain(person);
        }
    }

    private static List<String> secrets(Path dir) throws IOException {
        List<String> values = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.toList()) {
                values.add(Files.readString(file).strip());
            }
        }
        return values;
    }
}
