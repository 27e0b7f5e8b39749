package io.converge.dns;

/**
 * The DNS provider refused or could not take a change, or could not be read. The message carries the operation,
 * the zone and the provider's own words (PowerDNS's error, the DNS RCODE of an update), so that a status or log
 * line explains itself.
 */
public class DnsException extends Exception {
    private final boolean stale;

    /**
     * @param stale true when the zone no longer holds what converge read (an RFC 2136 prerequisite failed): nothing
     *              was changed, and the room reads again before it retries
     */
    public DnsException(String operation, String zone, String message, boolean stale) {
        super(operation + " " + zone + ": " + message);
        this.stale = stale;
    }

    public boolean stale() {
        return stale;
    }
}
