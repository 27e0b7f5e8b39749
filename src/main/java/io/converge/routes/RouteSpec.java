package io.converge.routes;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;
import io.converge.model.Json;
import io.converge.model.Problem;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The typed {@code spec} of a Route (SPEC §6.3), with defaults applied. Built only from a document that passed its
 * schema; {@link #problems()} adds what a schema cannot say (a malformed bcrypt hash).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RouteSpec(String host, String path, String service, Tls tls, Auth auth,
                        Map<String, String> requestHeaders, String loadBalancing, boolean stripPrefix) {
    /** A bcrypt hash: version, two-digit cost, 22 characters of salt and 31 of hash in bcrypt's base64. */
    static final Pattern BCRYPT = Pattern.compile("\\$2[aby]\\$(0[4-9]|[12][0-9]|3[01])\\$[./A-Za-z0-9]{53}");

    public RouteSpec {
        path = path == null ? "/" : path;
        requestHeaders = requestHeaders == null ? Map.of() : Map.copyOf(requestHeaders);
        loadBalancing = loadBalancing == null ? "round_robin" : loadBalancing;
        auth = auth == null ? new Auth("none", null, null, null) : auth;
    }

    public static RouteSpec from(JsonNode spec) {
        return Json.MAPPER.convertValue(spec, RouteSpec.class);
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Tls(String certFile, String keyFile, Boolean internal) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Auth(String type, Basic basic, Ldap ldap, Forward forward) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Basic(List<User> users) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record User(String username, String passwordHash) {
    }

    /**
     * @param attributes header name → LDAP attribute ({@code groups}: the names of the groups the user is a member
     *                   of, by a group search); default uid, mail and groups
     * @param startTls   every connection to an {@code ldap://} URL is upgraded with StartTLS; default false (the
     *                   schema refuses it with an {@code ldaps://} URL)
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Ldap(String url, String baseDn, String userFilter, String bindDn, String bindPasswordFile,
                       Map<String, String> attributes, boolean startTls) {
        public static final Map<String, String> DEFAULT_ATTRIBUTES = Map.of("X-Remote-User", "uid",
                "X-Remote-Email", "mail", "X-Remote-Groups", "groups");

        public Ldap {
            attributes = attributes == null || attributes.isEmpty() ? DEFAULT_ATTRIBUTES : Map.copyOf(attributes);
        }

        /** Without StartTLS. */
        public Ldap(String url, String baseDn, String userFilter, String bindDn, String bindPasswordFile,
                    Map<String, String> attributes) {
            this(url, baseDn, userFilter, bindDn, bindPasswordFile, attributes, false);
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Forward(String url, List<String> copyHeaders) {
        public Forward {
            copyHeaders = copyHeaders == null ? List.of() : List.copyOf(copyHeaders);
        }
    }

    /** What the schema cannot check; the TLS files are checked where they are read ({@link TlsFiles}). */
    public List<Problem> problems() {
        List<Problem> problems = new ArrayList<>();
        boolean configured = switch (auth.type()) {
            case "basic" -> auth.basic() != null && auth.basic().users() != null;
            case "ldap" -> auth.ldap() != null;
            case "forward" -> auth.forward() != null;
            default -> true;
        };
        if (!configured) {
            problems.add(new Problem("/spec/auth/" + auth.type(), "must be given when auth.type is " + auth.type()));
        }
        if (auth.basic() != null && auth.basic().users() != null) {
            List<User> users = auth.basic().users();
            for (int i = 0; i < users.size(); i++) {
                if (!BCRYPT.matcher(users.get(i).passwordHash()).matches()) {
                    problems.add(new Problem("/spec/auth/basic/users/" + i + "/passwordHash",
                            "must be a bcrypt hash ($2a$, $2b$ or $2y$, a cost of 04-31, then 53 characters of "
                                    + "./A-Za-z0-9), for example from 'caddy hash-password'"));
                }
            }
        }
        return problems;
    }
}
