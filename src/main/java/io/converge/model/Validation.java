package io.converge.model;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/** The outcome of validating one document: a resource, or the problems that reject it. */
public final class Validation {
    /** How many problems a message lists. */
    public static final int MAX_PROBLEMS = 10;
    /** How much of a (hostile) key a message shows. */
    public static final int MAX_KEY = 300;

    private final String key;
    private final Resource resource;
    private final List<Problem> problems;

    private Validation(String key, Resource resource, List<Problem> problems) {
        this.key = key;
        this.resource = resource;
        this.problems = List.copyOf(problems);
    }

    static Validation valid(String key, Resource resource) {
        return new Validation(key, Objects.requireNonNull(resource), List.of());
    }

    /** A document rejected for problems found outside the validator (an unknown kind, say). */
    public static Validation rejected(String key, List<Problem> problems) {
        return invalid(key, problems);
    }

    static Validation invalid(String key, List<Problem> problems) {
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("an invalid document needs at least one problem");
        }
        return new Validation(key, null, problems);
    }

    public boolean isValid() {
        return resource != null;
    }

    /** The resource; only for a valid document. */
    public Resource resource() {
        if (resource == null) {
            throw new IllegalStateException(key + " is not valid");
        }
        return resource;
    }

    public List<Problem> problems() {
        return problems;
    }

    /**
     * One line naming the key, each JSON path and its problem, as shown in status and by the CLI; at most
     * {@link #MAX_PROBLEMS} problems, so never longer than about 5,000 characters whatever the document.
     */
    public String message() {
        String shown = problems.stream().limit(MAX_PROBLEMS).map(Problem::toString).collect(Collectors.joining("; "));
        int more = problems.size() - MAX_PROBLEMS;
        return Quote.cut(key, MAX_KEY) + ": " + shown + (more > 0 ? "; and " + more + " more problems" : "");
    }
}
