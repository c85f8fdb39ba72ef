package io.govstream.cli.platform;

import io.govstream.broker.ChildJvm;
import io.govstream.cli.client.PlatformException;
import io.govstream.secrets.SecretFiles;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * One more instance of a govstream service, in an operating-system process of its own started from
 * the service's standalone main class. Its settings (with its principal's password) go into a
 * properties file only its owner may read, never onto the command line or into the environment;
 * its output goes to a log file. It stops (SIGTERM) when closed, and when this process exits.
 */
record ServiceProcess(String name, Process process, Path log) implements AutoCloseable {
    private static final long STOP_SECONDS = 60;

    /**
     * Starts {@code mainClass} with {@code properties} (Micronaut settings, e.g. {@code kafka.bootstrap.servers}); its
     * settings file is {@code <dir>/<name>.properties}, its output {@code <dir>/<name>.log}.
     */
    static ServiceProcess start(String name, String mainClass, Map<String, Object> properties, Path dir) {
        Path config = dir.resolve(name + ".properties");
        Path log = dir.resolve(name + ".log");
        Properties settings = new Properties();
        properties.forEach((key, value) -> settings.setProperty(key,
                value instanceof Collection<?> list ? String.join(",", list.stream().map(String::valueOf).toList()) : String.valueOf(value)));
        try {
            SecretFiles.ownerOnlyDirectory(dir);
            // Read by Micronaut with java.util.Properties, so written by it too (its escapes).
            StringWriter text = new StringWriter();
            settings.store(text, "govstream " + name + ": written by govctl up on every start");
            SecretFiles.write(config, text.toString());
        } catch (IOException | RuntimeException e) {
            throw new PlatformException("cannot write the settings of " + name + " to " + config + ": " + e.getMessage(), e);
        }
        try {
            Process process = ChildJvm.start(List.of("-Dmicronaut.config.files=" + config), mainClass, List.of(), log);
            // No instance outlives govctl, even when govctl is killed: Java cannot ask the kernel for that, so a hook
            // stops it on a normal exit and the platform's close stops it before.
            Runtime.getRuntime().addShutdownHook(new Thread(process::destroy, name + "-stop"));
            return new ServiceProcess(name, process, log);
        } catch (IOException e) {
            throw new PlatformException("cannot start " + name + ": " + e.getMessage(), e);
        }
    }

    /** Fails with the end of its log if the process has exited. */
    void requireAlive() {
        if (!process.isAlive()) {
            throw new PlatformException(name + " exited with " + process.exitValue() + "; its output is in " + log + ":\n" + ChildJvm.tail(log));
        }
    }

    /** SIGKILL, as a machine fails: no commit, no leaving the group. */
    void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(STOP_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
