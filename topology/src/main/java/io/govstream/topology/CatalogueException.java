package io.govstream.topology;

import java.util.List;

/** A catalogue that cannot be used; the message names the source and every problem found. */
public final class CatalogueException extends RuntimeException {

    private final String source;
    private final List<String> problems;

    public CatalogueException(String source, List<String> problems, Throwable cause) {
        super(source + ": " + (problems.size() == 1 ? problems.get(0)
                : problems.size() + " problems:\n  - " + String.join("\n  - ", problems)), cause);
        this.source = source;
        this.problems = List.copyOf(problems);
    }

    public CatalogueException(String source, String problem) {
        this(source, List.of(problem), null);
    }

    public String source() {
        return source;
    }

    public List<String> problems() {
        return problems;
    }
}
