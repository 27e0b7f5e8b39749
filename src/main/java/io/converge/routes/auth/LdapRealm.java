package io.converge.routes.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.LDAPException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * One Route's LDAP directory, as its {@code spec.auth.ldap} says. A value: the room replaces a realm in
 * {@link AuthRealms} when the Route changes.
 *
 * <p>Attributes map a request header to an LDAP attribute of the user's entry. Two names are read specially:
 * {@value #GROUPS} is not an attribute but a group search {@code (|(member=<user DN>)(uniqueMember=<user DN>))}
 * under {@code groupBaseDn}, answering the groups' {@code cn}s (works with any directory, no overlay needed);
 * {@code memberOf} is the user's own attribute as the directory keeps it (the memberof overlay, Active Directory),
 * answering the groups' full DNs.
 *
 * @param route            the Route's name (a DNS label): {@code /auth/<route>} and the realm of the Basic prompt
 * @param url              {@code ldap://host[:port]} or {@code ldaps://host[:port]}
 * @param baseDn           where users are searched (subtree)
 * @param userFilter       a filter with {@code {username}}, replaced by the escaped user name
 * @param bindDn           the service account that searches; {@code null}: anonymous search
 * @param bindPasswordFile the service account's password; {@code null}: from the environment (see
 *                         {@link LdapDirectory}); never from the document
 * @param attributes       header name → attribute name, in a stable order; default {@link #DEFAULT_ATTRIBUTES}
 * @param groupBaseDn      where {@value #GROUPS} searches; default: the parent of {@code baseDn}
 * @param startTls         every connection to the {@code ldap://} URL does StartTLS before anything else; only
 *                         with {@code ldap://}
 */
public record LdapRealm(String route, String url, String baseDn, String userFilter, String bindDn,
                        String bindPasswordFile, Map<String, String> attributes, String groupBaseDn,
                        boolean startTls) {

    /** The pseudo-attribute answered by a group search. */
    public static final String GROUPS = "groups";

    /** uid, mail and groups in X-Remote-User, X-Remote-Email and X-Remote-Groups. */
    public static final Map<String, String> DEFAULT_ATTRIBUTES = Collections.unmodifiableMap(new TreeMap<>(Map.of(
            "X-Remote-User", "uid", "X-Remote-Email", "mail", "X-Remote-Groups", GROUPS)));

    private static final Pattern HEADER = Pattern.compile("[A-Za-z0-9][A-Za-z0-9-]*");
    /** Scheme, host and port only: the base DN and the filter have fields of their own. */
    private static final Pattern URL = Pattern.compile("ldaps?://(\\[[0-9A-Fa-f:.]+]|[A-Za-z0-9.-]+)(:[0-9]{1,5})?/?");

    /** @throws IllegalArgumentException naming the route and the field, for a value no directory could take */
    public LdapRealm {
        require(route != null && !route.isBlank(), route, "route", "must not be empty");
        require(url != null && URL.matcher(url).matches(), route, "url",
                "must be ldap://host[:port] or ldaps://host[:port], not " + url);
        baseDn = dn(route, "baseDn", baseDn);
        require(userFilter != null && userFilter.contains("{username}"), route, "userFilter",
                "must contain {username}");
        require(parses(userFilter), route, "userFilter", "is not an LDAP filter: " + userFilter);
        bindDn = bindDn == null ? null : dn(route, "bindDn", bindDn);
        attributes = attributes == null || attributes.isEmpty() ? DEFAULT_ATTRIBUTES : checked(route, attributes);
        groupBaseDn = groupBaseDn == null ? parentOf(baseDn) : dn(route, "groupBaseDn", groupBaseDn);
        if (startTls && url.startsWith("ldaps://")) {
            throw new IllegalArgumentException("route " + route + ": /spec/auth/ldap/startTls must be false with an "
                    + "ldaps:// URL (ldaps:// is TLS already; StartTLS upgrades an ldap:// connection)");
        }
    }

    /** A realm without StartTLS. */
    public LdapRealm(String route, String url, String baseDn, String userFilter, String bindDn,
                     String bindPasswordFile, Map<String, String> attributes, String groupBaseDn) {
        this(route, url, baseDn, userFilter, bindDn, bindPasswordFile, attributes, groupBaseDn, false);
    }

    /**
     * The realm of a Route's {@code spec.auth.ldap} object (schema-valid); the group search goes under the parent
     * of {@code baseDn}.
     */
    public static LdapRealm fromSpec(String route, JsonNode ldap) {
        Map<String, String> attributes = new LinkedHashMap<>();
        ldap.path("attributes").fields().forEachRemaining(e -> attributes.put(e.getKey(), e.getValue().asText()));
        return new LdapRealm(route, ldap.path("url").asText(null), ldap.path("baseDn").asText(null),
                ldap.path("userFilter").asText(null), ldap.path("bindDn").asText(null),
                ldap.path("bindPasswordFile").asText(null), attributes, null, ldap.path("startTls").asBoolean(false));
    }

    /** The header names this realm answers, sorted: what the proxy copies from the answer and deletes first. */
    public java.util.List<String> headerNames() {
        return attributes.keySet().stream().sorted(String.CASE_INSENSITIVE_ORDER).toList();
    }

    /** Whether a header asks for the group search. */
    public boolean searchesGroups() {
        return attributes.containsValue(GROUPS);
    }

    private static Map<String, String> checked(String route, Map<String, String> attributes) {
        Map<String, String> out = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        attributes.forEach((header, attribute) -> {
            require(HEADER.matcher(header).matches(), route, "attributes", "bad header name " + header);
            require(attribute != null && !attribute.isBlank(), route, "attributes." + header, "must name an attribute");
            require(out.put(header, attribute) == null, route, "attributes", "header " + header + " twice");
        });
        return Collections.unmodifiableMap(out);
    }

    private static String dn(String route, String field, String value) {
        require(value != null && !value.isBlank(), route, field, "must not be empty");
        try {
            return new DN(value).toString();
        } catch (LDAPException e) {
            throw new IllegalArgumentException("route " + route + ": auth.ldap." + field + " is not a DN: " + value);
        }
    }

    private static boolean parses(String userFilter) {
        try {
            com.unboundid.ldap.sdk.Filter.create(userFilter.replace("{username}", "x"));
            return true;
        } catch (LDAPException e) {
            return false;
        }
    }

    private static String parentOf(String dn) {
        try {
            DN parent = new DN(dn).getParent();
            return parent == null ? dn : parent.toString();
        } catch (LDAPException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void require(boolean ok, String route, String field, String problem) {
        if (!ok) {
            throw new IllegalArgumentException("route " + route + ": auth.ldap." + field + " " + problem);
        }
    }
}
