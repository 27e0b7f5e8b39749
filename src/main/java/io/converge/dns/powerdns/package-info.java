/**
 * The PowerDNS adapter of the DnsRecord room: {@link io.converge.dns.powerdns.PowerDnsProvider} implements
 * {@link io.converge.dns.DnsProvider} through the HTTP API of PowerDNS Authoritative 4.7 with the JDK HTTP client
 * (plain Java, no CDI). {@link io.converge.dns.powerdns.Rrsets} maps record sets to and from the API's JSON (pure).
 * It writes exactly the record sets it is asked to; which ones converge owns is the room's decision. Depends on
 * {@code dns}, {@code kernel} and {@code model} (its Jackson mapper) only.
 */
package io.converge.dns.powerdns;
