package io.converge.routes;

import java.util.Locale;

/** A host and path prefix on the proxy: what two routes cannot both hold. Hosts compare case-insensitively. */
record HostPath(String host, String path) {
    static HostPath of(ProxyRoute route) {
        return new HostPath(route.host().toLowerCase(Locale.ROOT), route.path());
    }

    @Override
    public String toString() {
        return host + path;
    }
}
