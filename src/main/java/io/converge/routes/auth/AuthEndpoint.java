package io.converge.routes.auth;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * {@code GET /auth/<route>}, as Caddy's forward_auth asks it before every request of a route, with the client's
 * headers: 200 with the user's headers for valid Basic credentials or a valid login cookie; 401 with a Basic
 * challenge, or for a browser a 302 to the login form, otherwise; 503 when the directory cannot answer; 404 for a
 * route it does not serve.
 */
final class AuthEndpoint {
    private static final Logger LOG = Logger.getLogger(AuthEndpoint.class);

    private final AuthRealms realms;
    private final Logins logins;
    private final SessionCodec sessions;

    AuthEndpoint(AuthRealms realms, Logins logins, SessionCodec sessions) {
        this.realms = realms;
        this.logins = logins;
        this.sessions = sessions;
    }

    void handle(HttpServerRequest request, String route) {
        Optional<LdapRealm> realm = realms.get(route);
        HttpServerResponse response = request.response();
        if (realm.isEmpty()) {
            Replies.text(response, 404, "no route " + route + " with LDAP authentication here\n");
            return;
        }
        Optional<Credentials.Basic> basic = Credentials.basic(request.getHeader(HttpHeaders.AUTHORIZATION));
        if (basic.isPresent()) {
            logins.check(realm.get(), basic.get()).onComplete(done -> {
                if (done.failed()) {
                    Replies.unavailable(response, LOG, done.cause());
                } else if (done.result().isPresent()) {
                    Replies.identity(response, done.result().get());
                } else {
                    challenge(request, route, false);
                }
            });
            return;
        }
        Optional<Identity> session = Credentials.cookie(request.getHeader(HttpHeaders.COOKIE),
                Credentials.cookieName(route)).flatMap(value -> sessions.decode(route, value));
        if (session.isPresent()) {
            Replies.identity(response, session.get());
        } else {
            challenge(request, route, true);
        }
    }

    /** A browser without credentials goes to the login form; anything else (or a refused Basic) gets 401. */
    private static void challenge(HttpServerRequest request, String route, boolean mayRedirect) {
        String accept = request.getHeader(HttpHeaders.ACCEPT);
        HttpServerResponse response = request.response();
        if (mayRedirect && accept != null && accept.contains("text/html")) {
            String back = ReturnPaths.safe(request.getHeader("X-Forwarded-Uri"));
            response.setStatusCode(302).putHeader(HttpHeaders.LOCATION, ForwardAuthServer.LOGIN_PATH + "?route="
                    + route + "&return=" + URLEncoder.encode(back, StandardCharsets.UTF_8)).end();
            return;
        }
        response.putHeader("WWW-Authenticate", "Basic realm=\"" + route + "\", charset=\"UTF-8\"");
        Replies.text(response, 401, "authentication required\n");
    }
}
