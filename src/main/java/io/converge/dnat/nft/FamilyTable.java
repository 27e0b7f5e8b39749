package io.converge.dnat.nft;

import io.converge.dnat.Backend;
import io.converge.dnat.Forward;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Renders converge's table of one family: the base chains, and for each forward that has backends (and source
 * ranges and WAN addresses, when it has any) in this family its prerouting rule, its balancing chain
 * {@code ID}, one chain {@code ID.i} per backend and the postrouting masquerade of masqueraded backends.
 * Backend chains are named with a dot, which forward ids cannot hold, so that forwards {@code pf-web} and
 * {@code pf-web-0} never share a chain. Not thread-safe; one instance per rendering.
 */
final class FamilyTable {
    /**
     * What an address literal or CIDR block may be made of before nft checks it: nothing of nft's syntax, and
     * never a host name (nft would resolve it): digits and dots for IPv4, hex digits with a colon for IPv6.
     */
    private static final Pattern ADDRESS = Pattern.compile("(?=.{1,64}$)(?:[0-9./]+|[0-9A-Fa-f.:/]*:[0-9A-Fa-f.:/]*)");
    private static final int COMMENT_MAX = 120;

    private final Family family;
    private final List<String> wan;
    private final boolean anyWan;
    private final List<String> prerouting = new ArrayList<>();
    private final List<String> postrouting = new ArrayList<>();
    private final StringBuilder chains = new StringBuilder();
    private final SortedMap<String, Integer> rules = new TreeMap<>();

    /** @param wanAddresses the ruleset's WAN addresses of every family (empty: every local address) */
    FamilyTable(Family family, List<String> wanAddresses) {
        this.family = family;
        this.anyWan = wanAddresses.isEmpty();
        this.wan = wanAddresses.stream().map(a -> checked(a, "WAN address")).filter(family::holds).toList();
    }

    /** Adds a forward's rules, if it has anything in this family. */
    void add(Forward forward) {
        if (forward.id().equals("prerouting") || forward.id().equals("postrouting")) {
            throw new IllegalArgumentException("forward " + forward.id() + ": the id names a base chain");
        }
        List<Backend> backends = forward.backends().stream()
                .filter(b -> family.holds(checked(b.address(), "forward " + forward.id() + " backend"))).toList();
        List<String> ranges = forward.sourceRanges().stream()
                .filter(r -> family.holds(checked(r, "forward " + forward.id() + " source range"))).toList();
        if (backends.isEmpty() || (!anyWan && wan.isEmpty())
                || (!forward.sourceRanges().isEmpty() && ranges.isEmpty())) {
            return;
        }
        String proto = forward.protocol().text();
        String comment = " comment \"" + comment(forward.owner()) + "\"";
        String from = ranges.isEmpty() ? "" : " " + family.keyword() + " saddr " + set(ranges);
        String to = wan.isEmpty() ? "fib daddr type local" : family.keyword() + " daddr " + set(wan);
        prerouting.add(to + " meta l4proto " + proto + " th dport " + forward.port() + from
                + " jump " + forward.id() + comment);
        List<String> targets = new ArrayList<>();
        for (int i = 0; i < backends.size(); i++) {
            targets.add(i + " : goto " + forward.id() + "." + i);
        }
        chain(forward.id(), List.of(backends.size() == 1 ? "goto " + forward.id() + ".0"
                : "numgen random mod " + backends.size() + " vmap { " + String.join(", ", targets) + " }"));
        for (int i = 0; i < backends.size(); i++) {
            Backend b = backends.get(i);
            chain(forward.id() + "." + i, List.of("meta l4proto " + proto + " dnat to " + b.endpoint()));
            if (b.masquerade()) {
                postrouting.add(family.keyword() + " daddr " + b.address() + " meta l4proto " + proto
                        + " th dport " + b.port() + " ct status dnat ct original proto-dst " + forward.port()
                        + " masquerade" + comment);
            }
        }
    }

    /** The three statements that replace the table, and the shape it has once loaded. */
    Rendered render() {
        StringBuilder body = new StringBuilder();
        appendChain(body, "prerouting", "type nat hook prerouting priority dstnat; policy accept;", prerouting);
        appendChain(body, "postrouting", "type nat hook postrouting priority srcnat; policy accept;", postrouting);
        body.append(chains);
        String digest = "sha256:" + sha256(body.toString());
        SortedMap<String, Integer> shape = new TreeMap<>(rules);
        shape.put("prerouting", prerouting.size());
        shape.put("postrouting", postrouting.size());
        shape.put(TableShape.DIGEST_CHAIN, 1);
        appendChain(body, TableShape.DIGEST_CHAIN, null, List.of("return comment \"" + digest + "\""));
        String name = "table " + family.keyword() + " converge";
        String text = name + "\ndelete " + name + "\n" + name + " {\n" + body + "}\n";
        return new Rendered(text, new TableShape(shape, digest));
    }

    /** One family's part of the transaction and the table's shape after it. */
    record Rendered(String text, TableShape shape) {
    }

    private void chain(String name, List<String> statements) {
        appendChain(chains, name, null, statements);
        rules.put(name, statements.size());
    }

    private static void appendChain(StringBuilder to, String name, String header, List<String> statements) {
        to.append("\tchain ").append(name).append(" {\n");
        if (header != null) {
            to.append("\t\t").append(header).append('\n');
        }
        statements.forEach(s -> to.append("\t\t").append(s).append('\n'));
        to.append("\t}\n");
    }

    private static String set(List<String> elements) {
        return "{ " + String.join(", ", elements) + " }";
    }

    private static String checked(String address, String where) {
        if (!ADDRESS.matcher(address).matches()) {
            throw new IllegalArgumentException(where + ": not an address or CIDR block: \"" + address + "\"");
        }
        return address;
    }

    /** The owner as an nft comment: printable ASCII without quotes or backslashes, at most 120 characters. */
    static String comment(String owner) {
        StringBuilder s = new StringBuilder();
        owner.codePoints().limit(COMMENT_MAX).forEach(c -> s.append(c >= 0x20 && c < 0x7f && c != '"' && c != '\\'
                ? (char) c : '_'));
        return s.toString();
    }

    private static String sha256(String text) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }
}
