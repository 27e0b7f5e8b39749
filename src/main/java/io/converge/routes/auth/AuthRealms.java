package io.converge.routes.auth;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The realms the forward-auth endpoint serves, by route name. The Route room keeps it in step with the Routes of
 * {@code auth.type: ldap}; the endpoint reads it on every request. Thread-safe; a change is seen by the next request.
 */
public final class AuthRealms {
    private final Map<String, LdapRealm> byRoute = new ConcurrentHashMap<>();

    /** Serves {@code realm} at {@code /auth/<route>}, replacing the route's previous realm. Idempotent. */
    public void put(String route, LdapRealm realm) {
        if (!route.equals(realm.route())) {
            throw new IllegalArgumentException("realm of route " + realm.route() + " put as " + route);
        }
        byRoute.put(route, realm);
    }

    /** Stops serving {@code route}: its requests get 404 from now on. Idempotent. */
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
