package io.govstream.cli.client;

import io.govstream.secrets.SecretFiles;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Client configuration files in the data dir: secret files (they hold a principal's password),
 * written and read with {@link SecretFiles}, so mode 0600 and refused when others may read them.
 *
 * <p>Files are written as Kafka's documentation shows them, one plain {@code key=value} per
 * line, not with {@link Properties#store}: its escapes ({@code localhost\:9092},
 * {@code username\="producer"}) are read literally by clients that are not written in Java
 * (kafkajs, librdkafka and everything built on it). A value that no reader could take
 * unescaped (a line break, a backslash) is refused rather than written wrongly.
 */
public final class ClientFiles {
    /** Kafka + registry settings of the {@code producer} principal, for external clients. */
    public static final String CLIENT = "client.properties";
    /** Kafka settings of the admin super user, for govctl's own commands. */
    public static final String ADMIN = "admin.properties";
    /** Principal (and {@code <name>.properties} file) of whoever only checks the ledger: ledger verify, ledger prove. */
    public static final String AUDITOR_PRINCIPAL = "auditor";
    /** Principal (and {@code <name>.properties} file) of a witness: reads the ledger, appends cosigned checkpoints. */
    public static final String WITNESS_PRINCIPAL = "witness";

    private ClientFiles() {
    }

    public static void write(Path file, Map<String, Object> settings, String comment) {
        StringBuilder text = new StringBuilder("# ").append(comment.replaceAll("[\\r\\n]+", " ")).append('\n');
        new TreeMap<>(settings).forEach((k, v) -> text.append(line(k, String.valueOf(v))).append('\n'));
        SecretFiles.write(file, text.toString());
    }

    /** One {@code key=value} line that Java, kafkajs and librdkafka readers all read the same way. */
    static String line(String key, String value) {
        if (!key.matches("[A-Za-z0-9._-]+")) {
            throw new IllegalArgumentException("client setting name '" + key + "' is not a plain Kafka setting name");
        }
        if (value.indexOf('\\') >= 0 || value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0
                || !value.equals(value.strip())) {
            throw new IllegalArgumentException("client setting " + key
                    + " has a backslash, a line break or surrounding blanks, which properties readers disagree on");
        }
        return key + "=" + value;
    }

    /** Reads a client configuration file, failing with a hint when it does not exist. */
    public static Map<String, Object> read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new PlatformException("no client configuration at " + file
                    + ": start the platform with 'govctl up' (same --data-dir), or pass --config FILE");
        }
        Properties properties = new Properties();
        try {
            // Checked like every secret file: it holds a principal's password.
            properties.load(new StringReader(SecretFiles.readString(file)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        Map<String, Object> map = new TreeMap<>();
        properties.stringPropertyNames().forEach(k -> map.put(k, properties.getProperty(k)));
        return map;
    }
}
