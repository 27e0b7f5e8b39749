/**
 * The DnsRecord room: authoritative DNS records (SPEC §6.4), written by the elected cluster leader only, from
 * DnsRecord documents and services tagged {@code export} with meta {@code dns-name}. Desired record sets are
 * planned against what the provider holds (a pure planner) and applied through the {@link io.converge.dns.DnsProvider}
 * port, one transaction per zone. Adapters: {@code dns.powerdns} (HTTP API) and {@code dns.rfc2136} (dynamic update
 * with TSIG). Depends on {@code kernel} and {@code model} only.
 */
package io.converge.dns;
