package io.converge.routes.auth;

import com.unboundid.ldap.sdk.LDAPConnectionPool;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.SimpleBindRequest;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One connection pool per (URL, bind DN, StartTLS), bound as the service account; with StartTLS, each of its
 * connections does StartTLS before the service account binds. When the service account's password
 * changes (its file was rewritten), the pool is closed and a new one binds with the new password. A pool survives a
 * restart of the directory: a connection found broken is replaced and the operation retried once.
 */
final class LdapPools implements AutoCloseable {
    private static final int MAX_CONNECTIONS = 8;

    private record Key(String url, String bindDn, boolean startTls) {
    }

    /** One key's pool, made and replaced under the slot's own lock: a slow directory never holds up another. */
    private static final class Slot {
        private LDAPConnectionPool pool;
        private String password;
    }

    private final LdapServers servers;
    private final BindPasswords passwords;
    private final Map<Key, Slot> slots = new ConcurrentHashMap<>();

    LdapPools(LdapServers servers, BindPasswords passwords) {
        this.servers = servers;
        this.passwords = passwords;
    }

    /**
     * The pool of {@code realm}'s directory and service account, made now if there is none or its password changed.
     *
     * @throws DirectoryUnavailable when the directory cannot be reached or refuses the service account
     */
    LDAPConnectionPool of(LdapRealm realm) throws DirectoryUnavailable {
        String password = passwords.password(realm);
        Slot slot = slots.computeIfAbsent(new Key(realm.url(), realm.bindDn(), realm.startTls()), k -> new Slot());
        synchronized (slot) {
            if (slot.pool != null && !slot.pool.isClosed() && Objects.equals(slot.password, password)) {
                return slot.pool;
            }
            if (slot.pool != null) {
                slot.pool.close();
                slot.pool = null;
            }
            slot.pool = open(realm, password);
            slot.password = password;
            return slot.pool;
        }
    }

    private LDAPConnectionPool open(LdapRealm realm, String password) throws DirectoryUnavailable {
        try {
            SimpleBindRequest bind = realm.bindDn() == null ? null : new SimpleBindRequest(realm.bindDn(), password);
            LDAPConnectionPool pool = new LDAPConnectionPool(servers.server(realm.url()), bind, 1, MAX_CONNECTIONS,
                    servers.afterConnect(realm.startTls()));
            pool.setConnectionPoolName("converge-auth " + realm.url());
            pool.setRetryFailedOperationsDueToInvalidConnections(true);
            pool.setCreateIfNecessary(true);
            pool.setMaxWaitTimeMillis(servers.timeoutMillis());
            return pool;
        } catch (LDAPException e) {
            String who = (realm.bindDn() == null ? "anonymously" : "as " + realm.bindDn())
                    + (realm.startTls() ? " with StartTLS" : "");
            throw new DirectoryUnavailable("route " + realm.route() + ": cannot connect to " + realm.url() + " "
                    + who + ": " + e.getResultCode() + " " + Optional.ofNullable(e.getDiagnosticMessage())
                    .orElse(e.getExceptionMessage()), e);
        }
    }

    @Override
    public void close() {
        for (Slot slot : slots.values()) {
            synchronized (slot) {
                if (slot.pool != null) {
                    slot.pool.close();
                    slot.pool = null;
                }
            }
        }
    }
}
