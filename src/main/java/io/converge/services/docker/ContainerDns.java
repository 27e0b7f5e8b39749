package io.converge.services.docker;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The resolvers and search domains given to the bridge-networked containers converge starts (Docker's {@code Dns}
 * and {@code DnsSearch}), so that they find each other through Consul DNS (docs/discovery.md). Empty lists leave
 * Docker's default: the host's resolvers.
 *
 * @param servers resolver addresses, IP literals without a port (one {@code nameserver} line each)
 * @param search  search domains, e.g. {@code service.consul}
 */
public record ContainerDns(List<String> servers, List<String> search) {
    /** Docker's default: nothing set. */
    public static final ContainerDns DOCKER_DEFAULT = new ContainerDns(List.of(), List.of());

    private static final Pattern IP_CHARS = Pattern.compile("[0-9A-Fa-f:.]+");
    private static final Pattern IPV4 = Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
    private static final Pattern DOMAIN = Pattern.compile(
            "(?i)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*\\.?");

    public ContainerDns {
        servers = List.copyOf(servers);
        search = List.copyOf(search);
    }

    /**
     * The setting from {@code converge.containers.dns} and {@code converge.containers.dns-search}.
     *
     * @throws IllegalArgumentException naming the property and the value when an address is not an IP literal
     *                                  (a host name or a port is refused: resolv.conf takes neither) or a search
     *                                  domain is not a domain name
     */
    public static ContainerDns of(Optional<List<String>> servers, Optional<List<String>> search) {
        List<String> s = servers.orElse(List.of()).stream().map(String::trim).filter(v -> !v.isEmpty()).toList();
        List<String> d = search.orElse(List.of()).stream().map(String::trim).filter(v -> !v.isEmpty()).toList();
        s.stream().filter(v -> !isIpLiteral(v)).findFirst().ifPresent(v -> {
            throw new IllegalArgumentException("converge.containers.dns: '" + v
                    + "' is not an IPv4 or IPv6 address (no host name, no port: a container's resolv.conf takes"
                    + " neither)");
        });
        d.stream().filter(v -> !DOMAIN.matcher(v).matches() || v.length() > 253).findFirst().ifPresent(v -> {
            throw new IllegalArgumentException("converge.containers.dns-search: '" + v + "' is not a domain name");
        });
        return new ContainerDns(s, d);
    }

    static boolean isIpLiteral(String value) {
        if (IPV4.matcher(value).matches()) {
            return true;
        }
        if (!value.contains(":") || !IP_CHARS.matcher(value).matches()) {
            return false;
        }
        try {
            // only hex digits, colons and dots here: parsed as a literal, never looked up
            return java.net.InetAddress.getByName(value) instanceof java.net.Inet6Address;
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }
}
