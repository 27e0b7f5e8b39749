package io.converge.model;

import java.util.Map;
import java.util.Optional;

/**
 * What the schemas' patterns mean, in words: a message says "must be a DNS-1123 label (...)", never the regex.
 * A pattern missing here is described by its field's {@code description} instead.
 */
final class Expected {
    private static final String END = "(?![\\s\\S])";
    private static final String OCTET = "(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])";
    private static final String IPV4 = "^(" + OCTET + "\\.){3}" + OCTET;
    private static final String IPV6 = "^[0-9A-Fa-f]{0,4}(:[0-9A-Fa-f]{0,4}){2,7}";
    private static final String LABEL = "[A-Za-z0-9]([-A-Za-z0-9]*[A-Za-z0-9])?";
    private static final String ABSOLUTE = "an absolute path (starting with \"/\") without control characters";

    private static final Map<String, String> PHRASES = Map.ofEntries(
            Map.entry("^[a-z0-9]([-a-z0-9]*[a-z0-9])?" + END, "a DNS-1123 label (lowercase letters, digits and '-', "
                    + "starting and ending with a letter or digit)"),
            Map.entry("^[a-zA-Z0-9][a-zA-Z0-9._/:@-]*" + END, "an image reference such as "
                    + "registry.example.jp/team/app:1.4 (letters, digits and . _ / : @ -, no spaces)"),
            Map.entry("^[0-9]+(ms|s|m|h)" + END, Durations.EXPECTED),
            Map.entry("^[0-9]{1,9}(ms|s|m|h)" + END, Durations.EXPECTED),
            Map.entry("^/[^\\s]*" + END, "a path starting with \"/\", without spaces"),
            Map.entry("^/[^\\u0000-\\u001f\\u007f]*" + END, ABSOLUTE),
            Map.entry("^(/[^\\u0000-\\u001f\\u007f]+|[^/\\u0000-\\u001f\\u007f][^\\u0000-\\u001f\\u007f]*)" + END,
                    "a path on the node, absolute (starting with \"/\") or relative to converge.data-root, without "
                    + "control characters"),
            Map.entry("^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?" + END, "a Consul node name (letters, digits, '-', "
                    + "'_' and '.', starting and ending with a letter or digit)"),
            Map.entry("^[A-Za-z0-9]([-A-Za-z0-9_]*[A-Za-z0-9])?" + END, "a Consul service name (letters, digits, "
                    + "'-' and '_', starting and ending with a letter or digit)"),
            Map.entry("^[A-Za-z0-9][-A-Za-z0-9_.:=]*" + END, "a tag (letters, digits and - _ . : =, starting with a "
                    + "letter or digit)"),
            Map.entry("^[A-Za-z0-9][A-Za-z0-9-]*" + END, "a name of letters, digits and '-', starting with a letter "
                    + "or digit"),
            Map.entry("^[A-Za-z0-9_-]{1,128}" + END, "a key of 1 to 128 letters, digits, '_' or '-'"),
            Map.entry("^[A-Za-z][A-Za-z0-9-]*(;[A-Za-z0-9-]+)*" + END, "an LDAP attribute name (letters, digits and "
                    + "'-', starting with a letter; options after ';')"),
            Map.entry("^[A-Za-z_][A-Za-z0-9_]*" + END, "an environment variable name (letters, digits and '_', not "
                    + "starting with a digit)"),
            Map.entry("^[^:\\s]+" + END, "text without ':' or spaces"),
            Map.entry("^[^\\r\\n]*" + END, "a single line (no line breaks)"),
            Map.entry("^[^\\u0000-\\u001f]*" + END, "text without control characters"),
            Map.entry("^\\$2[aby]\\$", "a bcrypt hash (starting with $2a$, $2b$ or $2y$)"),
            Map.entry("^https?://[^\\s]+" + END, "an http:// or https:// URL without spaces"),
            Map.entry("^ldaps?://[^\\s]+" + END, "an ldap:// or ldaps:// URL without spaces"),
            Map.entry("^ldaps://", "an ldaps:// URL"),
            Map.entry(IPV4 + "(/(3[0-2]|[12]?[0-9]))?" + END, "an IPv4 address or CIDR block such as 203.0.113.0/24"),
            Map.entry(IPV4 + END, "an IPv4 address such as 203.0.113.7"),
            Map.entry(IPV6 + "(/(12[0-8]|1[01][0-9]|[1-9]?[0-9]))?" + END, "an IPv6 address or CIDR block such as "
                    + "2001:db8::/32"),
            Map.entry(IPV6 + END, "an IPv6 address such as 2001:db8::1"),
            Map.entry("^(\\*\\.)?(" + LABEL + "\\.)*" + LABEL + END, "a host name such as app.example.jp, or "
                    + "*.example.jp"),
            Map.entry("^(" + LABEL + "\\.)*" + LABEL + "\\.?" + END, "a DNS name such as example.jp."),
            Map.entry("^(@|(\\*\\.)?([A-Za-z0-9_]([-A-Za-z0-9_]*[A-Za-z0-9])?\\.)*[A-Za-z0-9_]([-A-Za-z0-9_]*"
                    + "[A-Za-z0-9])?\\.?)" + END, "a DNS owner name: relative to the zone (\"svc\", \"@\" for the apex) "
                    + "or fully qualified (ending with \".\")"));

    private Expected() {
    }

    /** The words for a schema pattern, if it is one of ours. */
    static Optional<String> pattern(String regex) {
        return Optional.ofNullable(PHRASES.get(regex));
    }
}
