package io.govstream.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;

/** The repository the deploy files and the services' code are read from (this module's parent). */
final class Repo {
    static final ObjectMapper JSON = JsonMapper.builder().build();
    static final YAMLMapper YAML = new YAMLMapper();

    private Repo() {
    }

    static Path root() {
        return Path.of(System.getProperty("govstream.root", "..")).toAbsolutePath().normalize();
    }

    /**
     * The repository's own files and directories, read while the suite's other runs write beside the test: build output
     * ({@code target/}), {@code node_modules} and hidden directories ({@code .git}, the fuzz tests' {@code .cifuzz-corpus},
     * which a fuzz run rewrites) left out, and an entry gone between its directory's listing and its visit (another run's
     * temporary file) passed over.
     */
    static List<Path> sources() {
        return sources(root());
    }

    /** As {@link #sources()}, under {@code root}. */
    static List<Path> sources(Path root) {
        List<Path> found = new ArrayList<>();
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path directory, BasicFileAttributes attributes) {
                    String name = directory.getFileName().toString();
                    if (!directory.equals(root) && (name.equals("target") || name.equals("node_modules") || name.startsWith("."))) {
                        return FileVisitResult.SKIP_SUBTREE;
                    }
                    found.add(directory);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                    found.add(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                    if (e instanceof NoSuchFileException) {
                        return FileVisitResult.CONTINUE;
                    }
                    throw e;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the repository's files", e);
        }
        return found;
    }

    static Path path(String relative) {
        return root().resolve(relative);
    }

    static String read(String relative) {
        try {
            return Files.readString(path(relative));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + relative, e);
        }
    }

    static JsonNode yaml(String relative) {
        return yamlText(read(relative));
    }

    static JsonNode yamlText(String text) {
        try {
            return YAML.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException("not YAML", e);
        }
    }

    /** Every non-empty document of a multi-document YAML stream (helm template's output). */
    static List<JsonNode> yamlDocuments(String text) {
        List<JsonNode> docs = new ArrayList<>();
        try (var parser = new YAMLFactory().createParser(text)) {
            for (var it = YAML.readValues(parser, JsonNode.class); it.hasNext(); ) {
                JsonNode doc = it.next();
                if (doc != null && !doc.isNull() && !doc.isMissingNode()) {
                    docs.add(doc);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("rendered manifests are not YAML", e);
        }
        return docs;
    }
}
