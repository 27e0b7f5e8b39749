package io.converge.dnat;

import io.converge.model.Quote;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/** IPv4 and IPv6 addresses and CIDR blocks as PortForward's {@code sourceRanges} and instance addresses use them. */
final class Cidr {
    private Cidr() {
    }

    /** Why {@code text} is not an address or a CIDR block without host bits, or empty when it is one. */
    static Optional<String> problem(String text) {
        int slash = text.indexOf('/');
        String address = slash < 0 ? text : text.substring(0, slash);
        Optional<byte[]> bytes = literal(address);
        if (bytes.isEmpty()) {
            return Optional.of("must be an IPv4 or IPv6 address or CIDR block; found " + Quote.of(text));
        }
        if (slash < 0) {
            return Optional.empty();
        }
        int bits = bytes.get().length * 8;
        int length;
        try {
            length = Integer.parseInt(text.substring(slash + 1));
        } catch (NumberFormatException e) {
            length = -1;
        }
        if (length < 0 || length > bits) {
            return Optional.of("prefix length must be 0-" + bits + "; found " + Quote.of(text));
        }
        BigInteger value = new BigInteger(1, bytes.get());
        BigInteger hostBits = BigInteger.ONE.shiftLeft(bits - length).subtract(BigInteger.ONE);
        if (!value.and(hostBits).equals(BigInteger.ZERO)) {
            return Optional.of("has host bits set beyond /" + length + "; found " + Quote.of(text)
                    + ", the block starts at " + InetAddressText.of(value.andNot(hostBits), bytes.get().length)
                    + "/" + length);
        }
        return Optional.empty();
    }

    /** True for an IPv6 address or block. */
    static boolean ipv6(String text) {
        return text.indexOf(':') >= 0;
    }

    /**
     * The bytes of an IPv4 or IPv6 literal, never a name lookup: only digits, dots, hex digits and colons pass,
     * which {@link InetAddress#getByName} parses without asking a resolver.
     */
    static Optional<byte[]> literal(String text) {
        if (text.isEmpty() || !text.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == '.' || c == ':')) {
            return Optional.empty();
        }
        if (text.indexOf(':') < 0) {
            return ipv4(text);
        }
        try {
            return Optional.of(InetAddress.getByName(text).getAddress());
        } catch (UnknownHostException | SecurityException e) {
            return Optional.empty();
        }
    }

    /** A dotted quad, parsed here: {@link InetAddress#getByName} would look an invalid one up as a name. */
    private static Optional<byte[]> ipv4(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            return Optional.empty();
        }
        byte[] bytes = new byte[4];
        for (int i = 0; i < 4; i++) {
            if (!parts[i].matches("\\d{1,3}") || Integer.parseInt(parts[i]) > 255) {
                return Optional.empty();
            }
            bytes[i] = (byte) Integer.parseInt(parts[i]);
        }
        return Optional.of(bytes);
    }

    /** Renders an address value back to text. */
    private static final class InetAddressText {
        static String of(BigInteger value, int length) {
            byte[] raw = value.toByteArray();
            byte[] bytes = new byte[length];
            int copy = Math.min(raw.length, length);
            System.arraycopy(raw, raw.length - copy, bytes, length - copy, copy);
            try {
                return InetAddress.getByAddress(bytes).getHostAddress();
            } catch (UnknownHostException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
