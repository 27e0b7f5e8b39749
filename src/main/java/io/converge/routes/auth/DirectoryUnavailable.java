package io.converge.routes.auth;

/** The directory could not answer: the endpoint answers 503, never 200. The message names the directory. */
public class DirectoryUnavailable extends Exception {

    public DirectoryUnavailable(String message, Throwable cause) {
        super(message, cause);
    }
}
