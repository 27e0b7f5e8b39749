package io.converge.dns;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * An authoritative DNS provider as converge drives it (PowerDNS's HTTP API, RFC 2136 dynamic update). converge
 * changes only record sets it owns (its planner decides which); this port reads and writes whatever it is asked.
 * Thread-safe; {@link #apply} is called from one thread at a time per zone.
 */
public interface DnsProvider {

    /** {@code powerdns} or {@code rfc2136}, for status. */
    String kind();

    /**
     * The record sets (every type) at {@code names} in {@code zone}, as the provider holds them now.
     *
     * @param zone  absolute, with the trailing dot
     * @param names absolute names inside the zone
     */
    List<RecordSet> read(String zone, Collection<String> names) throws DnsException;

    /**
     * Every record set (of the types converge manages) in {@code zone}: for finding converge's ownership records
     * when nothing else says where they are (a new leader, a resync).
     */
    List<RecordSet> list(String zone) throws DnsException;

    /**
     * Applies {@code changes} to {@code zone} in one transaction (all or nothing). Each change's {@code before} is
     * what converge read; a provider that can (RFC 2136 prerequisites) refuses the whole with a
     * {@link DnsException#stale()} exception when the zone no longer holds it, so that a record changed by someone
     * else in between is not overwritten. Within one name, deletions come before additions (a CNAME cannot sit
     * beside other data).
     */
    void apply(String zone, List<Change> changes) throws DnsException;

    /** Why the provider cannot be used now, in its own words, or empty. */
    Optional<String> problem();
}
