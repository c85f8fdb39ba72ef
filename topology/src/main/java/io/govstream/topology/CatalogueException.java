package io.govstream.topology;

import java.util.List;

/** A catalogue that cannot be used; the message names the source and every problem found. */
public final class CatalogueException extends RuntimeException {

    public CatalogueException(String source, List<String> problems, Throwable cause) {
        super(source + ": " + (problems.size() == 1 ? problems.get(0)
                : problems.size() + " problems:\n  - " + String.join("\n  - ", problems)), cause);
    }

    public CatalogueException(String source, String problem) {
        this(source, List.of(problem), null);
    }
}
