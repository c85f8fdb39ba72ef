package io.govstream.broker;

import io.govstream.secrets.SecretFiles;
import java.nio.file.Path;

/**
 * The admin super user's password in {@code <dataDir>/secrets/admin.password}: generated once,
 * then reused so that clients and the SCRAM credential written at format time keep matching.
 * The topology module's SecretStore uses the same layout for the other principals; both keep
 * their files with {@link SecretFiles} (0600, checked on every read).
 */
final class AdminPassword {

    static final String FILE_NAME = "admin.password";
    /** The controllers' shared password of a {@link KafkaCluster}; a single node makes one per start instead. */
    static final String CONTROLLER_FILE_NAME = "controller.password";

    private AdminPassword() {
    }

    static String readOrCreate(Path secretsDir) {
        Path file = secretsDir.resolve(FILE_NAME);
        String password = SecretFiles.readOrCreate(file, SecretFiles::randomPassword);
        if (password.isEmpty()) {
            throw new IllegalStateException("Secret file " + file + " is empty; delete it only together with "
                    + "the broker's kafka/ directory, since the admin credential was formatted from it");
        }
        return password;
    }

    /** The password the controllers of a cluster, each in its own process, log in to each other with. */
    static String readOrCreateControllerPassword(Path secretsDir) {
        return SecretFiles.readOrCreate(secretsDir.resolve(CONTROLLER_FILE_NAME), SecretFiles::randomPassword);
    }
}
