package io.converge.consul;

/**
 * A Consul request that failed: the operation, the path and, when the agent answered, the HTTP status, so that a
 * log line explains itself. The one failure type of every Consul adapter.
 */
public final class ConsulFailure extends RuntimeException {
    /** The most of an answer's body a message quotes. */
    private static final int BODY_QUOTE = 300;

    private final int status;

    /** The request did not get an answer (connection refused, timed out, ...). */
    public ConsulFailure(String operation, String path, Throwable cause) {
        super(operation + " " + path + ": " + (cause.getMessage() == null ? cause.getClass().getSimpleName()
                : cause.getMessage()), cause);
        this.status = -1;
    }

    /** The answer was not usable, for a reason the caller names. */
    public ConsulFailure(String operation, String path, String problem) {
        super(operation + " " + path + ": " + problem);
        this.status = -1;
    }

    /** The agent answered with a status outside 2xx. */
    public ConsulFailure(String operation, String path, int status, String body) {
        super(operation + " " + path + ": HTTP " + status + (body == null || body.isBlank() ? ""
                : " " + (body.length() > BODY_QUOTE ? body.substring(0, BODY_QUOTE) + "…" : body.strip())));
        this.status = status;
    }

    /** The HTTP status the agent answered with, or -1 when there was no (usable) answer. */
    public int status() {
        return status;
    }
}
