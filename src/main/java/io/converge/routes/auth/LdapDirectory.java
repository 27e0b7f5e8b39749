package io.converge.routes.auth;

import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPConnectionPool;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchResult;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import com.unboundid.ldap.sdk.SimpleBindRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The {@link Directory} of real LDAP servers (UnboundID LDAP SDK). Per realm: search the user with the service
 * account (one connection pool per URL, bind DN and password), then bind as the user's DN with the given password
 * on a connection of its own (the pool's connections stay bound as the service account), then read the attributes
 * and groups through the pool. An unknown user still costs a connection and a bind (to a DN that does not exist),
 * like a wrong password. Thread-safe.
 */
public final class LdapDirectory implements Directory, AutoCloseable {
    /** Result codes of a user's bind that mean "these credentials are refused"; any other failure is unavailability. */
    private static final Set<ResultCode> REFUSED = Set.of(ResultCode.INVALID_CREDENTIALS,
            ResultCode.INAPPROPRIATE_AUTHENTICATION, ResultCode.UNWILLING_TO_PERFORM, ResultCode.INVALID_DN_SYNTAX,
            ResultCode.NO_SUCH_OBJECT);

    private final LdapServers servers;
    private final LdapPools pools;
    private final GroupSearch groups = new GroupSearch();

    /**
     * @param timeout     of a connect and each LDAP operation ({@code converge.proxy.auth.ldap-timeout})
     * @param caFile      PEM CA certificates trusted for {@code ldaps://} and StartTLS besides the JVM's
     * @param environment how to read an environment variable ({@code System::getenv})
     * @param variable    the variable holding the service account's password of a realm without bindPasswordFile
     */
    public LdapDirectory(Duration timeout, Optional<Path> caFile, Function<String, String> environment,
                         String variable) {
        this.servers = new LdapServers(timeout, caFile);
        this.pools = new LdapPools(servers, new BindPasswords(environment, variable));
    }

    @Override
    public Optional<Identity> authenticate(LdapRealm realm, String username, String password)
            throws DirectoryUnavailable {
        if (username == null || username.isEmpty() || password == null || password.isEmpty()) {
            return Optional.empty(); // an empty password would be an anonymous bind, which succeeds
        }
        LDAPConnectionPool pool = pools.of(realm);
        try {
            List<SearchResultEntry> found = findUser(realm, pool, username);
            String dn = found.size() == 1 ? found.get(0).getDN() : "cn=converge-no-such-user," + realm.baseDn();
            boolean accepted = bind(realm, dn, password) && found.size() == 1;
            if (!accepted) {
                return Optional.empty();
            }
            return Optional.of(new Identity(username, headers(realm, pool, found.get(0))));
        } catch (LDAPException e) {
            throw unavailable(realm, "search", e);
        }
    }

    private List<SearchResultEntry> findUser(LdapRealm realm, LDAPConnectionPool pool, String username)
            throws LDAPException {
        Filter filter = userFilter(realm, username);
        List<String> wanted = realm.attributes().values().stream()
                .filter(a -> !a.equals(LdapRealm.GROUPS)).distinct().toList();
        SearchRequest request = new SearchRequest(realm.baseDn(), SearchScope.SUB, filter,
                wanted.isEmpty() ? new String[] {"1.1"} : wanted.toArray(String[]::new));
        request.setSizeLimit(2);
        request.setTimeLimitSeconds(servers.timeLimitSeconds());
        try {
            return pool.search(request).getSearchEntries();
        } catch (LDAPException e) {
            if (e.getResultCode() == ResultCode.SIZE_LIMIT_EXCEEDED) {
                return List.of(); // two users match: refused like an unknown one
            }
            throw e;
        }
    }

    /**
     * The realm's user filter with {@code {username}} replaced by the user name escaped as a filter value (RFC 4515:
     * {@code *}, {@code (}, {@code )}, {@code \\} and NUL), so that a user name can never widen the search.
     */
    static Filter userFilter(LdapRealm realm, String username) throws LDAPException {
        return Filter.create(realm.userFilter().replace("{username}", Filter.encodeValue(username)));
    }

    /**
     * Binds as {@code dn} on a connection of its own (upgraded by StartTLS first when the realm says so): true when
     * the directory accepted the password. A failure to connect or to upgrade is thrown, whatever its result code:
     * it says nothing of the password.
     */
    private boolean bind(LdapRealm realm, String dn, String password) throws LDAPException {
        try (LDAPConnection connection = servers.connect(realm.url(), realm.startTls())) {
            return bind(connection, dn, password);
        }
    }

    private static boolean bind(LDAPConnection connection, String dn, String password) throws LDAPException {
        try {
            return connection.bind(new SimpleBindRequest(dn, password)).getResultCode() == ResultCode.SUCCESS;
        } catch (LDAPException e) {
            if (REFUSED.contains(e.getResultCode())) {
                return false;
            }
            throw e;
        }
    }

    private Map<String, String> headers(LdapRealm realm, LDAPConnectionPool pool, SearchResultEntry user)
            throws LDAPException {
        List<String> groupNames = realm.searchesGroups()
                ? groups.of(pool, realm.groupBaseDn(), user.getDN(), servers.timeLimitSeconds()) : List.of();
        Map<String, String> headers = new LinkedHashMap<>();
        realm.attributes().forEach((header, attribute) -> {
            String[] values = attribute.equals(LdapRealm.GROUPS) ? groupNames.toArray(String[]::new)
                    : user.getAttributeValues(attribute);
            headers.put(header, values == null ? "" : HeaderValues.join(List.of(values)));
        });
        return headers;
    }

    private static DirectoryUnavailable unavailable(LdapRealm realm, String operation, LDAPException e) {
        return new DirectoryUnavailable("route " + realm.route() + ": LDAP " + operation + " at " + realm.url()
                + " failed: " + e.getResultCode() + " " + Optional.ofNullable(e.getDiagnosticMessage())
                .orElse(e.getExceptionMessage()), e);
    }

    /** Closes every pool. */
    @Override
    public void close() {
        pools.close();
    }
}
