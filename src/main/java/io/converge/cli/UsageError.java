package io.converge.cli;

/**
 * A command line that parsed but cannot be run as written (an unknown kind, a file where a directory belongs): the
 * message and the command's usage go to stderr, exit code 2. Thrown by a command before it changes anything.
 */
final class UsageError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UsageError(String message) {
        super(message);
    }
}
