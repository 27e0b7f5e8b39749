package io.converge.cli;

import io.converge.model.Kind;

/** Parses a KIND argument, or fails as a usage error (exit 2). */
final class Kinds {
    private Kinds() {
    }

    static Kind parse(String text) {
        return Kind.parse(text).orElseThrow(() -> new UsageError(
                "unknown kind \"" + text + "\": use Service (services, svc), PortForward (portforwards, pf), "
                        + "Route (routes, route) or DnsRecord (dnsrecords, dns)"));
    }
}
