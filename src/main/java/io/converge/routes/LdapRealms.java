package io.converge.routes;

/**
 * converge's forward-auth endpoint as the Route room feeds it: the LDAP settings of each Route with
 * {@code auth.type: ldap}, by route name. In memory; the endpoint reads it on every request. Thread-safe.
 */
public interface LdapRealms {
    /** A registry that keeps nothing (a node without the endpoint). */
    LdapRealms NONE = new LdapRealms() {
        @Override
        public void put(String route, RouteSpec.Ldap settings) {
        }

        @Override
        public void remove(String route) {
        }
    };

    /** The route's LDAP settings, from now on. Idempotent. */
    void put(String route, RouteSpec.Ldap settings);

    /** The route has no LDAP auth (any more). Idempotent. */
    void remove(String route);
}
