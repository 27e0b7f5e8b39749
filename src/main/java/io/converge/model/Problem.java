package io.converge.model;

/**
 * One thing wrong with a document.
 *
 * @param path    the JSON pointer inside the document ({@code ""} for the document itself)
 * @param message what is wrong, in words a user can act on
 */
public record Problem(String path, String message) {

    @Override
    public String toString() {
        return (path.isEmpty() ? "/" : path) + ": " + message;
    }
}
