package io.govstream.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Key directories for the platforms tests start: outside every data dir, as govctl keeps the ledger's
 * KEK, and never in the user's ~/.config. One temporary root per JVM, deleted when the JVM exits.
 */
public final class TestKeyDirs {
    private static Path root;

    private TestKeyDirs() {
    }

    /** A new, empty key directory. */
    public static synchronized Path next() {
        try {
            if (root == null) {
                root = Files.createTempDirectory("govstream-test-keys-");
                Path created = root;
                Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(created), "delete-test-key-dirs"));
            }
            return Files.createTempDirectory(root, "keys-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make a key directory for a test platform", e);
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            // a leftover in the temp dir is harmless
        }
    }
}
