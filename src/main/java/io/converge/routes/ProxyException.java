package io.converge.routes;

/**
 * The proxy refused or could not take a configuration. The message carries the operation, the HTTP status when
 * there was one, and the proxy's own words (Caddy's 400 message), so that a status or log line explains itself.
 */
public class ProxyException extends Exception {
    private final int status;

    /** @param status the HTTP status of the answer, 0 when there was none (connection refused, timeout) */
    public ProxyException(String operation, int status, String message) {
        super(operation + (status > 0 ? " (" + status + ")" : "") + ": " + message);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
