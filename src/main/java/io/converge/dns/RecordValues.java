package io.converge.dns;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Values as a user writes them → values as a provider holds them (presentation format), so that what converge
 * wants compares equal to what it reads back: a TXT value becomes one quoted string, a CNAME target an absolute
 * lower-case name, an AAAA address RFC 5952's text. Pure; the values passed {@link DnsChecks}.
 */
public final class RecordValues {

    private RecordValues() {
    }

    public static List<String> presentation(String type, List<String> values) {
        return values.stream().map(v -> switch (type) {
            case "TXT" -> quoted(v);
            case "CNAME" -> Zones.absolute(v);
            case "AAAA" -> Ipv6Text.canonical(v).orElse(v);
            default -> v;
        }).toList();
    }

    /** One character-string: printable ASCII as is, {@code "} and {@code \} escaped, other octets as {@code \DDD}. */
    static String quoted(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c == '"' || c == '\\') {
                out.append('\\').append((char) c);
            } else if (c >= 0x20 && c < 0x7f) {
                out.append((char) c);
            } else {
                out.append('\\').append(String.format("%03d", c));
            }
        }
        return out.append('"').toString();
    }
}
