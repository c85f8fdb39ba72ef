package io.govstream.cli.policy;

import io.govstream.policy.PolicyProblem;
import io.govstream.policy.PolicyLoader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Reads a policy document a command was given and validates it before the command touches a cluster. */
final class PolicyFile {
    private PolicyFile() {
    }

    /**
     * The document if it exists and is valid; otherwise every problem as {@code FILE:LINE: rule 'ID': message}
     * on {@code err} and empty.
     *
     * @param command  e.g. "policy apply", for the messages
     * @param refusing what did not happen, e.g. "nothing published"
     */
    static Optional<String> readValid(Path file, PrintWriter err, String command, String refusing) throws IOException {
        if (!Files.isRegularFile(file)) {
            err.println("govctl " + command + ": no such file: " + file);
            return Optional.empty();
        }
        String yaml = Files.readString(file, StandardCharsets.UTF_8);
        List<PolicyProblem> problems = PolicyLoader.problems(yaml, file.toString());
        if (!problems.isEmpty()) {
            err.println("govctl " + command + ": " + file + " is not valid; " + refusing + ":");
            problems.forEach(p -> err.println("  " + p));
            return Optional.empty();
        }
        return Optional.of(yaml);
    }
}
