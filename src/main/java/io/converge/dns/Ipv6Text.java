package io.converge.dns;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;

/** An IPv6 address in RFC 5952's text form (lower case, the longest run of two or more zero groups as {@code ::}). */
public final class Ipv6Text {

    private Ipv6Text() {
    }

    /** @param address 16 bytes */
    public static String of(byte[] address) {
        if (address.length != 16) {
            throw new IllegalArgumentException("an IPv6 address has 16 bytes, not " + address.length);
        }
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((address[2 * i] & 0xff) << 8) | (address[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; ) {
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j == i ? i + 1 : j;
        }
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                text.append("::");
                i += bestLength - 1;
                continue;
            }
            if (text.length() > 0 && text.charAt(text.length() - 1) != ':') {
                text.append(':');
            }
            text.append(Integer.toHexString(groups[i]));
        }
        return text.toString().toLowerCase(Locale.ROOT);
    }

    /**
     * The canonical text of an IPv6 literal (no name is ever looked up), or empty when the text is not one: an
     * address written {@code 2001:DB8:0:0::1} is the same record as PowerDNS's {@code 2001:db8::1}.
     */
    public static Optional<String> canonical(String literal) {
        if (literal.indexOf(':') < 0 || !literal.matches("[0-9A-Fa-f:.]+")) {
            return Optional.empty();
        }
        try {
            InetAddress address = InetAddress.getByName(literal);
            return address instanceof Inet6Address ? Optional.of(of(address.getAddress())) : Optional.empty();
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }
}
