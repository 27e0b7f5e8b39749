package io.converge.routes.auth;

import io.converge.routes.LdapRealms;
import io.converge.routes.RouteSpec;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * The realms the forward-auth endpoint serves, by route name. The Route room keeps it in step with the Routes of
 * {@code auth.type: ldap}; the endpoint reads it on every request. Thread-safe; a change is seen by the next request.
 */
public final class AuthRealms implements LdapRealms {
    private static final Logger LOG = Logger.getLogger(AuthRealms.class);

    private final Map<String, LdapRealm> byRoute = new ConcurrentHashMap<>();

    /**
     * The Route room's settings of a route with LDAP auth. Settings the endpoint cannot use (a user filter without
     * {@code {username}}, a malformed DN) leave the route without a realm: its requests get 404 from the endpoint,
     * which the proxy returns to the client (a closed door, never an open one), and the reason is logged.
     */
    @Override
    public void put(String route, RouteSpec.Ldap settings) {
        try {
            put(route, new LdapRealm(route, settings.url(), settings.baseDn(), settings.userFilter(),
                    settings.bindDn(), settings.bindPasswordFile(), settings.attributes(), null, settings.startTls()));
        } catch (IllegalArgumentException e) {
            byRoute.remove(route);
            LOG.errorf("routes/%s: LDAP auth not served, every request is refused: %s", route, e.getMessage());
        }
    }

    /** Serves {@code realm} at {@code /auth/<route>}, replacing the route's previous realm. Idempotent. */
    public void put(String route, LdapRealm realm) {
        if (!route.equals(realm.route())) {
            throw new IllegalArgumentException("realm of route " + realm.route() + " put as " + route);
        }
        byRoute.put(route, realm);
    }

    /** Stops serving {@code route}: its requests get 404 from now on. Idempotent. */
    @Override
    public void remove(String route) {
        byRoute.remove(route);
    }

    /** The realm of {@code route}, or empty. */
    public Optional<LdapRealm> get(String route) {
        return Optional.ofNullable(byRoute.get(route));
    }

    /** The routes served now, sorted. */
    public Set<String> routes() {
        return new TreeSet<>(byRoute.keySet());
    }
}
