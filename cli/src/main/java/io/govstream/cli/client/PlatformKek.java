package io.govstream.cli.client;

import io.govstream.ledger.gdpr.EnvironmentKek;
import io.govstream.ledger.gdpr.KekSources;
import io.govstream.ledger.gdpr.KeyEncryptionKey;
import io.govstream.ledger.gdpr.KeysetFileKek;
import io.govstream.secrets.SecretFiles;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * The ledger's key-encryption key (KEK) of a govctl platform, kept apart from its data dir.
 * Erasing a person destroys their data key; every data key is stored wrapped by the KEK. A KEK kept
 * in the data dir would sit in every backup and copy of the dir beside the wrapped keys, and
 * restoring one would bring back everything erased since.
 *
 * <p>Where the KEK is, first match wins:
 * <ol>
 *   <li>{@value EnvironmentKek#DEFAULT_VARIABLE} in the environment: the KEK itself (Tink keyset JSON or
 *       its base64); nothing is written;</li>
 *   <li>{@code --key-dir DIR} (or {@code GOVCTL_KEY_DIR}): {@code DIR/ledger-kek.json};</li>
 *   <li>where this data dir's KEK was last found, as {@value #RECORD} in the data dir records it;</li>
 *   <li>a new directory {@code $XDG_CONFIG_HOME/govstream/keys/<data dir name>-<random>/} (default
 *       {@code ~/.config/govstream/keys/...}).</li>
 * </ol>
 * Key directories are owner-only (0700), the key file a secret file (0600); a key directory inside
 * the data dir is refused.
 *
 * <p>{@value #RECORD} holds no key: the KEK's key URI and a check value (a fixed text encrypted with
 * it), by which a later run knows the key it finds is the one the ledger's data keys were wrapped
 * with. A data dir that has had a KEK refuses to start with none or another one, rather than make a
 * new KEK that would leave every stored personal field unreadable.
 *
 * <p><b>Upgrade.</b> A KEK in the data dir where older versions kept it ({@value #LEGACY_FILE}) is
 * moved to the key directory once: written there in full (owner-only, atomically), read back and
 * compared, then deleted from the data dir, with a message saying so. If the key directory already
 * holds the same key, the copy in the data dir is deleted; if it holds another, nothing is touched
 * and the command fails naming both files.
 */
public final class PlatformKek {
    /** The KEK file in a key directory. */
    public static final String FILE = "ledger-kek.json";
    /** In the data dir: where its KEK is and a check value; no key. */
    public static final String RECORD = "ledger-kek.properties";
    /** Where the KEK was kept in the data dir before it moved out. */
    public static final String LEGACY_FILE = "secrets/ledger-kek.json";

    private static final String RECORD_KEK = "kek";
    private static final String RECORD_CHECK = "check";
    private static final SecureRandom RANDOM = new SecureRandom();

    /**
     * A KEK found (or made) for the platform.
     *
     * @param uri  its key URI, what governance-streams is given as {@code governance.ledger.kek}
     * @param kek  the key
     * @param file the key file, or null when the key came from the environment
     */
    public record Located(String uri, KeyEncryptionKey kek, Path file) {
        /** Where it is, for people: the file, or the environment variable. */
        public String where() {
            return file != null ? file.toString() : "$" + EnvironmentKek.DEFAULT_VARIABLE;
        }
    }

    private final Path dataDir;
    private final Path keyDirOption;
    private final UnaryOperator<String> environment;
    private final Path home;
    private final Consumer<String> notes;
    private final KekSources sources;

    /**
     * @param dataDir      the platform's data dir
     * @param keyDirOption {@code --key-dir} (null: not given)
     * @param environment  environment variables (name → value, null when unset)
     * @param home         the user's home directory, for the default key directory
     * @param notes        hears what was moved, removed or created, in a sentence each
     */
    public PlatformKek(Path dataDir, Path keyDirOption, UnaryOperator<String> environment, Path home, Consumer<String> notes) {
        this.dataDir = Objects.requireNonNull(dataDir, "dataDir").toAbsolutePath().normalize();
        this.keyDirOption = keyDirOption == null ? null : keyDirOption.toAbsolutePath().normalize();
        this.environment = Objects.requireNonNull(environment, "environment");
        this.home = Objects.requireNonNull(home, "home");
        this.notes = Objects.requireNonNull(notes, "notes");
        this.sources = KekSources.standard().with(new EnvironmentKek(environment));
    }

    /** For this process: its environment and the user's home. */
    public static PlatformKek of(Path dataDir, Path keyDirOption, Consumer<String> notes) {
        return new PlatformKek(dataDir, keyDirOption, System::getenv, Path.of(System.getProperty("user.home")), notes);
    }

    /**
     * The platform's KEK for {@code govctl up} and {@code keys init}: found, moved out of the data
     * dir, or made on first use.
     *
     * @throws IllegalStateException if the data dir's ledger has a KEK that is not where it should be,
     *                               or a different one is there
     */
    public Located openOrCreate() {
        return locate(true).orElseThrow();
    }

    /**
     * The platform's KEK for commands that read personal data, if it has one (an old one is moved out
     * of the data dir first); empty when this data dir has never had a KEK.
     *
     * @throws IllegalStateException as {@link #openOrCreate}
     */
    public Optional<Located> open() {
        return locate(false);
    }

    private Optional<Located> locate(boolean create) {
        Properties record = readRecord();
        Path legacy = dataDir.resolve(LEGACY_FILE);
        Located found;
        String fromEnvironment = environment.apply(EnvironmentKek.DEFAULT_VARIABLE);
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            found = new Located(EnvironmentKek.DEFAULT_URI, sources.load(EnvironmentKek.DEFAULT_URI), null);
            if (Files.exists(legacy)) {
                removeDuplicate(legacy, found);
            }
        } else {
            Path keyDir = keyDir(record);
            Path file = keyDir.resolve(FILE);
            if (Files.exists(legacy)) {
                moveOut(legacy, file);
            }
            if (Files.exists(file)) {
                SecretFiles.ownerOnlyDirectory(keyDir);
                found = new Located(KeysetFileKek.uri(file), KeysetFileKek.load(file), file);
            } else if (record.getProperty(RECORD_CHECK) != null) {
                throw missing(record, file);
            } else if (create) {
                SecretFiles.ownerOnlyDirectory(keyDir);
                KeysetFileKek.create(file);
                found = new Located(KeysetFileKek.uri(file), KeysetFileKek.load(file), file);
                notes.accept("created the ledger key-encryption key " + file + ", outside the data dir: back it up, apart from "
                        + "the data dir (docs/security.md, Keys)");
            } else {
                return Optional.empty();
            }
        }
        String check = record.getProperty(RECORD_CHECK);
        if (check != null && !found.kek().opens(check)) {
            throw new IllegalStateException("the ledger key-encryption key at " + found.where() + " is not the one this data dir's "
                    + "ledger was encrypted with (last found at " + record.getProperty(RECORD_KEK) + "); point --key-dir or "
                    + EnvironmentKek.DEFAULT_VARIABLE + " at that one. With another key every stored personal field stays unreadable.");
        }
        if (Files.isDirectory(dataDir) && (check == null || !found.uri().equals(record.getProperty(RECORD_KEK)))) {
            writeRecord(found.uri(), check != null ? check : found.kek().checkValue());
        }
        return Optional.of(found);
    }

    /** The key directory to use when the environment holds no KEK. */
    Path keyDir(Properties record) {
        String recorded = record.getProperty(RECORD_KEK);
        Path dir = keyDirOption != null ? keyDirOption
                : recorded != null && !recorded.startsWith(EnvironmentKek.SCHEME) ? KeysetFileKek.path(recorded).getParent()
                : defaultKeyDir(environment, home, dataDir, newId());
        if (dir.startsWith(dataDir)) {
            throw new IllegalArgumentException("the key directory " + dir + " is inside the data dir " + dataDir
                    + ": every backup or copy of the data dir would then hold the key that erasure relies on. Choose a --key-dir outside it.");
        }
        return dir;
    }

    /** {@code $XDG_CONFIG_HOME/govstream/keys/<data dir name>-<id>}, {@code ~/.config} when XDG_CONFIG_HOME is unset or relative. */
    static Path defaultKeyDir(UnaryOperator<String> environment, Path home, Path dataDir, String id) {
        String xdg = environment.apply("XDG_CONFIG_HOME");
        Path config = xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute() ? Path.of(xdg) : home.resolve(".config");
        Path name = dataDir.getFileName();
        String label = (name == null ? "govstream" : name.toString()).replaceAll("[^A-Za-z0-9_-]+", "-").replaceAll("^-+|-+$", "");
        return config.resolve("govstream").resolve("keys").resolve((label.isEmpty() ? "govstream" : label) + "-" + id);
    }

    private static String newId() {
        byte[] bytes = new byte[4];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private void moveOut(Path legacy, Path file) {
        KeyEncryptionKey old = KeysetFileKek.load(legacy);
        if (Files.exists(file)) {
            if (!KeysetFileKek.load(file).sameKeyAs(old)) {
                throw new IllegalStateException("two different ledger key-encryption keys: " + legacy + " (in the data dir) and " + file
                        + ". The ledger's data keys are wrapped by one of them; keep that one where govctl looks (--key-dir) and "
                        + "remove the other yourself. Nothing was changed.");
            }
            delete(legacy);
            notes.accept("removed the copy of the ledger key-encryption key in the data dir (" + legacy + "): the same key is at " + file);
            return;
        }
        byte[] content = SecretFiles.readBytes(legacy);
        SecretFiles.ownerOnlyDirectory(file.getParent());
        if (!SecretFiles.createIfAbsent(file, content)) {
            moveOut(legacy, file); // another process got there first: compare with what it wrote
            return;
        }
        if (!Arrays.equals(SecretFiles.readBytes(file), content)) {
            throw new IllegalStateException("the ledger key-encryption key copied to " + file + " does not read back as " + legacy
                    + "; " + legacy + " is kept");
        }
        delete(legacy);
        notes.accept("moved the ledger key-encryption key from " + legacy + " to " + file + ": a KEK in the data dir sits in every "
                + "backup and copy of it, which defeats erasure. Back " + file.getParent() + " up, apart from the data dir.");
    }

    private void removeDuplicate(Path legacy, Located fromEnvironment) {
        if (!KeysetFileKek.load(legacy).sameKeyAs(fromEnvironment.kek())) {
            throw new IllegalStateException("the data dir holds a ledger key-encryption key (" + legacy + ") and "
                    + EnvironmentKek.DEFAULT_VARIABLE + " holds another. The ledger's data keys are wrapped by one of them; "
                    + "keep only that one. Nothing was changed.");
        }
        delete(legacy);
        notes.accept("removed the copy of the ledger key-encryption key in the data dir (" + legacy + "): the same key is in $"
                + EnvironmentKek.DEFAULT_VARIABLE);
    }

    private IllegalStateException missing(Properties record, Path expected) {
        String recorded = record.getProperty(RECORD_KEK);
        String where = recorded != null && recorded.startsWith(EnvironmentKek.SCHEME)
                ? "it was given in $" + EnvironmentKek.DEFAULT_VARIABLE + ", which is not set"
                : "it is not at " + expected + (recorded != null ? " (last found at " + recorded + ")" : "");
        return new IllegalStateException("this data dir's ledger has a key-encryption key, but " + where + ". Restore it from your key "
                + "backup, or point --key-dir or " + EnvironmentKek.DEFAULT_VARIABLE + " at it. A new key would leave every stored "
                + "personal field unreadable, so none is made.");
    }

    private Properties readRecord() {
        Properties record = new Properties();
        Path file = dataDir.resolve(RECORD);
        if (Files.exists(file)) {
            try {
                record.load(new StringReader(Files.readString(file)));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file, e);
            }
        }
        return record;
    }

    private void writeRecord(String uri, String check) {
        SecretFiles.writePublic(dataDir.resolve(RECORD), "# Where this data dir's ledger key-encryption key (KEK) is, written by govctl. "
                + "It holds no key:\n# the KEK is kept apart from the data dir (docs/security.md, Keys); the check value tells "
                + "govctl it is the right one.\n"
                + RECORD_KEK + "=" + uri + "\n" + RECORD_CHECK + "=" + check + "\n");
    }

    private static void delete(Path file) {
        try {
            Files.delete(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + file + "; delete it yourself, so that the key is not kept twice", e);
        }
    }
}
