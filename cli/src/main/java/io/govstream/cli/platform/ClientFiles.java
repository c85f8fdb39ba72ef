package io.govstream.cli.platform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/** Client configuration files in the data dir, readable by their owner only (mode 0600). */
public final class ClientFiles {
    /** Kafka + registry settings of the {@code producer} principal, for external clients. */
    public static final String CLIENT = "client.properties";
    /** Kafka settings of the admin super user, for govctl's own commands. */
    public static final String ADMIN = "admin.properties";

    private ClientFiles() {
    }

    static void write(Path file, Map<String, Object> settings, String comment) {
        Properties properties = new Properties();
        new TreeMap<>(settings).forEach((k, v) -> properties.setProperty(k, String.valueOf(v)));
        try {
            Files.deleteIfExists(file);
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            try (Writer out = Files.newBufferedWriter(file)) {
                properties.store(out, comment);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** Reads a client configuration file, failing with a hint when it does not exist. */
    public static Map<String, Object> read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new PlatformException("no client configuration at " + file
                    + ": start the platform with 'govctl up' (same --data-dir), or pass --config FILE");
        }
        Properties properties = new Properties();
        try (var in = Files.newBufferedReader(file)) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        Map<String, Object> map = new TreeMap<>();
        properties.stringPropertyNames().forEach(k -> map.put(k, properties.getProperty(k)));
        return map;
    }
}
