package io.converge.dns.rfc2136;

/** A DNS server's address as configured: {@code host:port}, {@code [v6]:port}, or a bare host (port 53). */
record HostPort(String host, int port) {

    /** @throws IllegalArgumentException naming the text that is not an address */
    static HostPort parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("rfc2136: no server address (host:port)");
        }
        String s = text.strip();
        String host;
        String port = null;
        if (s.startsWith("[")) {
            int end = s.indexOf(']');
            if (end < 0) {
                throw new IllegalArgumentException("rfc2136: server " + text + ": unclosed [");
            }
            host = s.substring(1, end);
            if (end + 1 < s.length()) {
                if (s.charAt(end + 1) != ':') {
                    throw new IllegalArgumentException("rfc2136: server " + text + ": expected :port after ]");
                }
                port = s.substring(end + 2);
            }
        } else if (s.indexOf(':') >= 0 && s.indexOf(':') == s.lastIndexOf(':')) {
            host = s.substring(0, s.indexOf(':'));
            port = s.substring(s.indexOf(':') + 1);
        } else {
            host = s;
        }
        if (host.isEmpty()) {
            throw new IllegalArgumentException("rfc2136: server " + text + ": no host");
        }
        return new HostPort(host, port == null ? 53 : port(text, port));
    }

    private static int port(String text, String port) {
        try {
            int p = Integer.parseInt(port);
            if (p >= 1 && p <= 65535) {
                return p;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("rfc2136: server " + text + ": not a port: " + port);
    }
}
