package io.converge.dnat;

/**
 * The firewall engine refused or could not run an operation. The message carries the engine's own words
 * ({@code nft}'s stderr, "No such file or directory" for a missing binary) after the operation, so that a status
 * or log line explains itself.
 */
public class FirewallException extends Exception {

    /** @param operation what was attempted, e.g. {@code nft -f -} or {@code conntrack -D} */
    public FirewallException(String operation, String message) {
        super(operation + ": " + message);
    }

    public FirewallException(String operation, String message, Throwable cause) {
        super(operation + ": " + message, cause);
    }
}
