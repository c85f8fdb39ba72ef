package io.govstream.secrets;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one way govstream reads and writes secret files (keys, passwords, client settings with
 * credentials) and the directories that hold them.
 *
 * <ul>
 *   <li><b>Created owner-only, atomically.</b> The content is written in full to a temporary file in
 *       the target's directory, created with mode 0600 (the mode is part of the create call, so the
 *       file is never readable by anyone else, not for an instant, whatever the umask), forced to
 *       disk, then published under its name in one step: {@link #createIfAbsent} with a hard link,
 *       which fails rather than replaces when another process got there first; {@link #write} with an
 *       atomic rename, which replaces. Readers see no file, the old one or the new one, never part of
 *       one.</li>
 *   <li><b>Read only when owner-only.</b> {@link #readString} and {@link #readBytes} check the mode
 *       on every load and refuse a file its group or others may use, naming the file, its mode and
 *       the {@code chmod 600} that fixes it: a secret others could read may already have leaked.</li>
 *   <li><b>Owner-only directories.</b> {@link #ownerOnlyDirectory} creates a directory (and any
 *       missing parent) with mode 0700; an existing one that its group or others may use is
 *       tightened to 0700, with a warning in the log, and one that cannot be tightened (another
 *       user's) is refused.</li>
 * </ul>
 *
 * <p>Where the file system has no POSIX modes (Windows), modes are neither set nor checked.
 */
public final class SecretFiles {
    private static final Logger LOG = LoggerFactory.getLogger(SecretFiles.class);

    /** The mode of every secret file: read and write for the owner, nothing for anyone else. */
    public static final String FILE_MODE = "rw-------";
    /** The mode of every directory that holds secrets or state. */
    public static final String DIRECTORY_MODE = "rwx------";

    private static final Set<PosixFilePermission> OWNER = EnumSet.of(PosixFilePermission.OWNER_READ,
            PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE);
    private static final FileAttribute<Set<PosixFilePermission>> FILE_ATTRIBUTE =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(FILE_MODE));
    private static final FileAttribute<Set<PosixFilePermission>> DIRECTORY_ATTRIBUTE =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(DIRECTORY_MODE));
    private static final SecureRandom RANDOM = new SecureRandom();

    private SecretFiles() {
    }

    /** The file's content as UTF-8, after checking that only its owner may read it. */
    public static String readString(Path file) {
        return new String(readBytes(file), StandardCharsets.UTF_8);
    }

    /** The file's content, after checking that only its owner may read it. */
    public static byte[] readBytes(Path file) {
        requireOwnerOnly(file);
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the secret file " + file, e);
        }
    }

    /**
     * Refuses a file that its group or others may read, write or execute.
     *
     * @throws IllegalStateException naming the file, its mode and the {@code chmod 600} that fixes it
     * @throws UncheckedIOException  if the file does not exist or its mode cannot be read
     */
    public static void requireOwnerOnly(Path file) {
        if (!posix(file)) {
            if (!Files.exists(file)) {
                throw new UncheckedIOException("No secret file at " + file, new NoSuchFileException(file.toString()));
            }
            return;
        }
        Set<PosixFilePermission> mode;
        try {
            mode = Files.getPosixFilePermissions(file);
        } catch (NoSuchFileException e) {
            throw new UncheckedIOException("No secret file at " + file, e);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the mode of the secret file " + file, e);
        }
        if (!OWNER.containsAll(mode)) {
            throw new IllegalStateException("Secret file " + file + " has mode " + PosixFilePermissions.toString(mode)
                    + "; it must be readable by its owner only. Fix it with: chmod 600 " + file);
        }
    }

    /**
     * Creates {@code file} with {@code content}, mode 0600, unless it exists; its directory is created
     * 0700 if missing. Safe against a concurrent creator: exactly one content wins, and every caller
     * then reads that one.
     *
     * @return true if this call created the file, false if it existed already
     */
    public static boolean createIfAbsent(Path file, byte[] content) {
        Path dir = directoryOf(file);
        Path temp = null;
        try {
            if (Files.exists(file)) {
                return false;
            }
            temp = writeTemp(dir, file, content, true);
            try {
                Files.createLink(file, temp);
            } catch (FileAlreadyExistsException raced) {
                return false;
            } catch (UnsupportedOperationException | FileSystemException noLinks) {
                // No hard links here (some network and FUSE file systems): an exclusive rename is the
                // next best thing. The existence check above leaves only a narrow window for a racer.
                if (Files.exists(file)) {
                    return false;
                }
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
                temp = null;
            }
            syncDirectory(dir);
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the secret file " + file, e);
        } finally {
            deleteQuietly(temp);
        }
    }

    /** {@link #createIfAbsent(Path, byte[])} with UTF-8 text. */
    public static boolean createIfAbsent(Path file, String content) {
        return createIfAbsent(file, content.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * A secret made once and then kept, such as a password: created with {@code initial} when the
     * file does not exist, else read (owner-only checked). Surrounding blanks are stripped.
     */
    public static String readOrCreate(Path file, Supplier<String> initial) {
        if (!Files.exists(file)) {
            createIfAbsent(file, initial.get());
        }
        return readString(file).strip();
    }

    /**
     * A new password, for {@link #readOrCreate}: 32 URL-safe characters from 24 random bytes, unpadded, so with no quote,
     * comma, bracket or '=' that would need escaping in JAAS or SCRAM arguments.
     */
    public static String randomPassword() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /**
     * Writes {@code file} with mode 0600, replacing it if it exists, atomically; its directory is
     * created 0700 if missing.
     */
    public static void write(Path file, byte[] content) {
        replace(file, content, true);
    }

    /** {@link #write(Path, byte[])} with UTF-8 text. */
    public static void write(Path file, String content) {
        write(file, content.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Writes a file that belongs beside secrets but is not one (a public key, a certificate), replacing
     * it atomically like {@link #write}, with mode 0644: anyone may read it.
     */
    public static void writePublic(Path file, String content) {
        replace(file, content.getBytes(StandardCharsets.UTF_8), false);
    }

    /**
     * A directory only its owner may use: created with mode 0700 (with every missing parent) when it
     * does not exist; an existing one that its group or others may use is tightened to 0700, with a
     * warning in the log.
     *
     * @throws IllegalStateException if it exists but is no directory, or cannot be tightened (it belongs to
     *                               someone else); the message says how to fix it
     * @return {@code dir}
     */
    public static Path ownerOnlyDirectory(Path dir) {
        boolean posix = posix(dir);
        try {
            if (!Files.exists(dir)) {
                if (posix) {
                    Files.createDirectories(dir, DIRECTORY_ATTRIBUTE);
                    // createDirectories leaves an existing (raced) directory as it is: check it like any other.
                } else {
                    Files.createDirectories(dir);
                    return dir;
                }
            }
            if (!Files.isDirectory(dir)) {
                throw new IllegalStateException(dir + " exists but is not a directory");
            }
            if (!posix) {
                return dir;
            }
            Set<PosixFilePermission> mode = Files.getPosixFilePermissions(dir);
            if (!OWNER.containsAll(mode)) {
                try {
                    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString(DIRECTORY_MODE));
                } catch (FileSystemException denied) {
                    throw new IllegalStateException("Directory " + dir + " has mode " + PosixFilePermissions.toString(mode)
                            + " and cannot be made owner-only (it belongs to " + Files.getOwner(dir).getName()
                            + "); it holds secrets or state, so only its owner may use it. Fix it with: chmod 700 " + dir, denied);
                }
                LOG.warn("Directory {} had mode {}: tightened to {}, since only its owner may use a directory that holds secrets or state",
                        dir, PosixFilePermissions.toString(mode), DIRECTORY_MODE);
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create or check the directory " + dir, e);
        }
    }

    private static void replace(Path file, byte[] content, boolean secret) {
        Path dir = directoryOf(file);
        Path temp = null;
        try {
            temp = writeTemp(dir, file, content, secret);
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            temp = null;
            syncDirectory(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file, e);
        } finally {
            deleteQuietly(temp);
        }
    }

    /** The content in full in a new file beside {@code file}, 0600 from its creation when {@code secret}, forced to disk. */
    private static Path writeTemp(Path dir, Path file, byte[] content, boolean secret) throws IOException {
        Path temp = secret && posix(dir)
                ? Files.createTempFile(dir, "." + file.getFileName(), ".tmp", FILE_ATTRIBUTE)
                : Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            Channels.newOutputStream(channel).write(content);
            channel.force(true);
        } catch (IOException | RuntimeException e) {
            deleteQuietly(temp);
            throw e;
        }
        if (!secret && posix(dir)) {
            // createTempFile makes 0600 files; a public one is for everyone to read.
            Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-r--r--"));
        }
        return temp;
    }

    /** Makes the directory entry durable too (best effort: not every platform can open a directory). */
    private static void syncDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException ignored) {
            // The file itself was forced; only the rename's durability across a power loss is at stake.
        }
    }

    /** The directory of {@code file}, created 0700 if missing. */
    private static Path directoryOf(Path file) {
        Path parent = file.toAbsolutePath().getParent();
        if (parent == null) {
            throw new IllegalArgumentException("a secret file needs a directory: " + file);
        }
        if (!Files.isDirectory(parent)) {
            ownerOnlyDirectory(parent);
        }
        return parent;
    }

    private static void deleteQuietly(Path temp) {
        if (temp == null) {
            return;
        }
        try {
            Files.deleteIfExists(temp);
        } catch (IOException ignored) {
            // a leftover temporary file is 0600 and named .<name>.tmp: harmless
        }
    }

    private static boolean posix(Path path) {
        return path.getFileSystem().supportedFileAttributeViews().contains("posix");
    }
}
