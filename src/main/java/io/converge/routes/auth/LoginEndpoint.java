package io.converge.routes.auth;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.time.Duration;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The login form at {@link ForwardAuthServer#LOGIN_PATH}, served on each protected host by the proxy without
 * authentication: {@code GET} shows it; {@code POST} checks the credentials and sets the route's signed session
 * cookie, then sends the browser back ({@code 303}, to a path of the same host only); a refusal shows the form again
 * with {@code 401}, a directory that cannot answer with {@code 503}.
 */
final class LoginEndpoint {
    private static final Logger LOG = Logger.getLogger(LoginEndpoint.class);

    private final AuthRealms realms;
    private final Logins logins;
    private final SessionCodec sessions;
    private final Duration ttl;

    LoginEndpoint(AuthRealms realms, Logins logins, SessionCodec sessions, Duration ttl) {
        this.realms = realms;
        this.logins = logins;
        this.sessions = sessions;
        this.ttl = ttl;
    }

    void handle(HttpServerRequest request) {
        if (request.method() == HttpMethod.GET) {
            show(request.response(), request.params(), null, 200);
        } else if (request.method() == HttpMethod.POST) {
            request.setExpectMultipart(true);
            request.endHandler(end -> submit(request, request.formAttributes()));
        } else {
            request.response().putHeader(HttpHeaders.ALLOW, "GET, POST");
            Replies.text(request.response(), 405, "GET or POST\n");
        }
    }

    private void show(HttpServerResponse response, MultiMap params, String error, int status) {
        String route = Optional.ofNullable(params.get("route")).orElse("");
        if (realms.get(route).isEmpty()) {
            Replies.text(response, 404, "no route with LDAP authentication named " + route + "\n");
            return;
        }
        Replies.html(response, status, LoginPage.render(route, ReturnPaths.safe(params.get("return")), error));
    }

    private void submit(HttpServerRequest request, MultiMap form) {
        HttpServerResponse response = request.response();
        String route = Optional.ofNullable(form.get("route")).orElse("");
        Optional<LdapRealm> realm = realms.get(route);
        if (realm.isEmpty()) {
            show(response, form, null, 404);
            return;
        }
        Credentials.Basic basic = new Credentials.Basic(Optional.ofNullable(form.get("username")).orElse(""),
                Optional.ofNullable(form.get("password")).orElse(""));
        logins.check(realm.get(), basic).onComplete(done -> {
            if (done.failed()) {
                LOG.warnf("login to route %s: %s", route, done.cause().getMessage());
                show(response, form, "The directory is unavailable; please try again later.", 503);
            } else if (done.result().isEmpty()) {
                show(response, form, "Wrong user name or password.", 401);
            } else {
                signIn(request, route, done.result().get(), ReturnPaths.safe(form.get("return")));
            }
        });
    }

    private void signIn(HttpServerRequest request, String route, Identity identity, String back) {
        String value = sessions.encode(route, identity, ttl);
        if (value.length() > SessionCodec.MAX_LENGTH) {
            show(request.response(), request.formAttributes(),
                    "Your directory entry has too many values for a login cookie; use HTTP Basic instead.", 500);
            return;
        }
        boolean secure = request.isSSL() || "https".equalsIgnoreCase(request.getHeader("X-Forwarded-Proto"));
        request.response().setStatusCode(303)
                .putHeader(HttpHeaders.SET_COOKIE, Credentials.setCookie(route, value, ttl.toSeconds(), secure))
                .putHeader(HttpHeaders.LOCATION, back).putHeader(HttpHeaders.CACHE_CONTROL, "no-store").end();
    }
}
