package io.converge.model;

/**
 * One thing wrong with a document. Both parts are capped ({@link #MAX_PATH}, {@link #MAX_MESSAGE}), so that a
 * hostile document cannot make a message that does not fit in a status or a log line.
 *
 * @param path    the JSON pointer inside the document ({@code ""} for the document itself)
 * @param message what is wrong, in words a user can act on
 */
public record Problem(String path, String message) {
    public static final int MAX_PATH = 200;
    public static final int MAX_MESSAGE = 400;

    public Problem {
        path = Quote.cut(path, MAX_PATH);
        message = Quote.cut(message, MAX_MESSAGE);
    }

    @Override
    public String toString() {
        return (path.isEmpty() ? "/" : path) + ": " + message;
    }
}
