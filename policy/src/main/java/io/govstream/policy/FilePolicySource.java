package io.govstream.policy;

import java.nio.file.Path;
import java.util.Objects;

/**
 * The policy set of one YAML file, loaded when constructed (a bad file fails start-up, not a
 * request). Hot reload comes later; {@link #reload()} is the hook for it.
 */
public final class FilePolicySource implements PolicySource {
    private final Path file;
    private volatile PolicySet current;

    public FilePolicySource(Path file) {
        this.file = Objects.requireNonNull(file, "file");
        this.current = PolicyLoader.load(file);
    }

    /** Loads the file again; on error keeps the policy set in force and throws. */
    public PolicySet reload() {
        PolicySet loaded = PolicyLoader.load(file);
        current = loaded;
        return loaded;
    }

    public Path file() {
        return file;
    }

    @Override
    public PolicySet current() {
        return current;
    }
}
