/**
 * The RFC 2136 adapter of the DnsRecord room: {@link io.converge.dns.rfc2136.Rfc2136Provider} implements
 * {@link io.converge.dns.DnsProvider} with dnsjava against one authoritative server (BIND 9.18, Knot): signed
 * (TSIG) TCP queries or AXFR to read, one signed UPDATE per zone and call to write, its prerequisites being what
 * converge read. The message building ({@code UpdateMessage}), the record conversion ({@code RecordCodec}) and the
 * check after an update ({@code ReadBack}) are pure. Depends on {@code dns}, {@code kernel}, {@code model} and
 * dnsjava only.
 */
package io.converge.dns.rfc2136;
