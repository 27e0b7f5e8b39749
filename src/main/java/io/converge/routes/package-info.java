/**
 * The Route room: reverse-proxy routes on proxy nodes (SPEC §6.3), from Route documents and services tagged
 * {@code web}. The room evaluates each resource into a {@link io.converge.routes.ProxyRoute} and applies all of them
 * as one {@link io.converge.routes.RouteSet} through the {@link io.converge.routes.Proxy} port. Adapters: Caddy's
 * admin API in {@code routes.caddy}; converge's LDAP forward-auth endpoint in {@code routes.auth}. Depends on
 * {@code kernel} and {@code model} only.
 */
package io.converge.routes;
