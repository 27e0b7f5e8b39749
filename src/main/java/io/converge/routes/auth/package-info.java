/**
 * converge's forward-auth endpoint for Routes with {@code auth.type: ldap}: Caddy's forward_auth asks
 * {@code GET /auth/<route>} before every request; the endpoint checks HTTP Basic credentials or a signed session
 * cookie (from its own login form at {@link io.converge.routes.auth.ForwardAuthServer#LOGIN_PATH}) against the
 * route's LDAP directory, and answers the user's attributes as headers for the upstream. Plain Java, no CDI: the
 * app layer builds a {@link io.converge.routes.auth.ForwardAuthServer}, starts it on {@code converge.proxy.auth.listen}
 * and keeps {@link io.converge.routes.auth.AuthRealms} in step with the Route documents.
 *
 * <p>Depends on {@code routes} (for {@link io.converge.routes.RouteAuth.Forward}), {@code model}, the UnboundID LDAP
 * SDK and Vert.x core; never on another room.
 */
package io.converge.routes.auth;
