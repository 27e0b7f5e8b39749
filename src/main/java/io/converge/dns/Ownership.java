package io.converge.dns;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * converge's ownership registry in the zone itself (as external-dns keeps one): beside each name it manages, at a
 * name of its own ({@code _converge.<name>}, since a TXT cannot sit beside a CNAME), one TXT string per record set it
 * owns there, saying which cluster ({@code owner}), which resource, which type, and a digest of what converge wrote
 * ({@code sum}), so that a record edited by hand since is recognised and left alone. Pure.
 */
public final class Ownership {
    /** The first label of an ownership name. */
    public static final String LABEL = "_converge";
    private static final String WILDCARD_LABEL = "_converge-wildcard";
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9._:/-]{1,100}");

    /** One owned record set, as one TXT string says it. */
    public record Entry(String owner, String resource, String type, String sum) {
        /** The TXT value in presentation format (one quoted string). */
        public String text() {
            return "\"converge owner=" + owner + " resource=" + resource + " type=" + type + " sum=" + sum + "\"";
        }

        /** Whether this entry is {@code owner}'s entry for the resource (of any type). */
        public boolean of(String ownerId, String resourceId) {
            return owner.equals(ownerId) && resource.equals(resourceId);
        }
    }

    private Ownership() {
    }

    /** The ownership name of an absolute record name: {@code _converge.<name>}; a wildcard's first label is kept out. */
    public static String nameFor(String absoluteName) {
        return absoluteName.startsWith("*.") ? WILDCARD_LABEL + absoluteName.substring(1)
                : LABEL + "." + absoluteName;
    }

    /** The record name an ownership name stands for, if it is one. */
    public static Optional<String> recordName(String ownershipName) {
        if (ownershipName.startsWith(WILDCARD_LABEL + ".")) {
            return Optional.of("*" + ownershipName.substring(WILDCARD_LABEL.length()));
        }
        if (ownershipName.startsWith(LABEL + ".")) {
            return Optional.of(ownershipName.substring(LABEL.length() + 1));
        }
        return Optional.empty();
    }

    /** Reads one TXT value; empty when it is not one of converge's (someone else's TXT at that name). */
    public static Optional<Entry> parse(String text) {
        String t = text.strip();
        if (!t.startsWith("\"converge ") || !t.endsWith("\"") || t.length() < 11) {
            return Optional.empty();
        }
        Map<String, String> fields = new LinkedHashMap<>();
        for (String token : t.substring(10, t.length() - 1).trim().split(" +")) {
            int eq = token.indexOf('=');
            if (eq > 0) {
                fields.put(token.substring(0, eq), token.substring(eq + 1));
            }
        }
        String owner = fields.get("owner");
        String resource = fields.get("resource");
        String type = fields.get("type");
        if (owner == null || resource == null || type == null) {
            return Optional.empty();
        }
        return Optional.of(new Entry(owner, resource, type, fields.getOrDefault("sum", "")));
    }

    /** Why an owner id or resource id cannot be written into an ownership record, or empty. */
    public static Optional<String> badToken(String token) {
        return TOKEN.matcher(token).matches() ? Optional.empty()
                : Optional.of("'" + token + "' is not 1-100 of A-Z a-z 0-9 . _ : / -");
    }

    /** The digest of a record set's TTL and values, as an ownership entry carries it. */
    public static String sum(RecordSet set) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update((set.ttl() + " " + String.join(" ", set.values())).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha.digest(), 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
