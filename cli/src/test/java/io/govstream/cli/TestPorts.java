package io.govstream.cli;

import io.govstream.cli.platform.PlatformSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Listening ports for the platforms, brokers and servers the cli integration tests start, free of
 * the pick-then-bind race that {@code new ServerSocket(0)} has once tests run in parallel JVMs.
 *
 * <p>A port picked with {@code ServerSocket(0)} is free only until the socket closes; the service
 * binds it seconds later. Meanwhile the kernel may hand the same port to another JVM's {@code
 * ServerSocket(0)}, or, far more often, use it as the local port of an outgoing connection (every
 * Kafka client connection takes one from the same ephemeral range). Two test forks each running a
 * platform with dozens of client connections make that a real source of "address already in use".
 *
 * <p>So the ports here come from below the kernel's ephemeral range ({@code
 * /proc/sys/net/ipv4/ip_local_port_range}), where no outgoing connection takes a port, and each
 * JVM first claims a block of them of its own with an exclusive file lock (held until the JVM
 * exits), so no two JVMs on this machine, whichever build they belong to, hand out the same port.
 * Within the block each port is handed out once, after checking that nothing else listens on it.
 */
public final class TestPorts {
    private static final int FIRST = 10_000;
    private static final int BLOCK = 200;
    private static final Path LOCKS = Path.of(System.getProperty("java.io.tmpdir"), "govstream-test-ports");

    private static Block block;

    private TestPorts() {
    }

    /**
     * Platform settings on ports of this JVM's block, like {@link PlatformSettings#ephemeral} but race-free,
     * with the ledger's KEK in a key dir of its own outside the data dir (never the user's ~/.config).
     */
    public static PlatformSettings platform(Path dataDir) {
        return platform(dataDir, false, null);
    }

    /**
     * As {@link #platform(Path)}, built as {@code govctl up} builds them from {@code --tls} and {@code --registry-url}:
     * TLS on Kafka and every HTTP port if {@code tls}, the registry at {@code registryUrl} (null: the platform's own).
     */
    public static PlatformSettings platform(Path dataDir, boolean tls, String registryUrl) {
        return new PlatformSettings(dataDir, next(), next(), next(), next(), next(), next(), tls, PlatformSettings.LOOPBACK,
                TestKeyDirs.next(), registryUrl, 1, 1);
    }

    /**
     * As {@link #platform(Path)}, with {@code brokers} Kafka nodes (node n on the Kafka and controller ports plus
     * 2(n-1), reserved here) and {@code instances} of governance-streams and Axon.
     */
    public static PlatformSettings cluster(Path dataDir, int brokers, int instances) {
        int kafka = next();
        int controller = next();
        for (int skipped = 0; skipped < 2 * (brokers - 1); skipped++) {
            next();
        }
        return new PlatformSettings(dataDir, kafka, controller, next(), next(), next(), next(), false, PlatformSettings.LOOPBACK,
                TestKeyDirs.next(), null, brokers, instances);
    }

    /** One more listening port of this JVM's block, not handed out before. */
    public static synchronized int next() {
        if (block == null) {
            block = Block.claim();
        }
        return block.next();
    }

    private static final class Block {
        private final int first;
        private int cursor;
        @SuppressWarnings("unused") // held for the JVM's life: the lock is the claim
        private final FileLock lock;

        private Block(int first, FileLock lock) {
            this.first = first;
            this.lock = lock;
        }

        static Block claim() {
            int end = ephemeralStart();
            try {
                Files.createDirectories(LOCKS);
                for (int start = FIRST; start + BLOCK <= end; start += BLOCK) {
                    FileChannel channel = FileChannel.open(LOCKS.resolve(start + ".lock"),
                            StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                    FileLock lock = channel.tryLock();
                    if (lock != null) {
                        return new Block(start, lock);
                    }
                    channel.close();
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot claim a block of test ports in " + LOCKS, e);
            }
            throw new IllegalStateException("every block of test ports below " + end + " is claimed by another JVM");
        }

        int next() {
            for (int tried = 0; tried < BLOCK; tried++) {
                int port = first + cursor;
                cursor = (cursor + 1) % BLOCK;
                if (free(port)) {
                    return port;
                }
            }
            throw new IllegalStateException("no free port left in " + first + ".." + (first + BLOCK - 1));
        }
    }

    private static boolean free(int port) {
        // Both the wildcard address (Micronaut) and loopback (Kafka on localhost) must be free.
        try (ServerSocket any = new ServerSocket(port); ServerSocket loopback = new ServerSocket()) {
            any.close();
            loopback.bind(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The first port the kernel may give an outgoing connection; ours stay below it. */
    private static int ephemeralStart() {
        // Read as a stream: /proc files report a size that Files.readString would trust.
        try (var in = Files.newBufferedReader(Path.of("/proc/sys/net/ipv4/ip_local_port_range"))) {
            return Integer.parseInt(in.readLine().trim().split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            return 32_768; // Linux's default
        }
    }
}
