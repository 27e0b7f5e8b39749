package io.converge.routes.auth;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import org.jboss.logging.Logger;

/** The endpoint's answers. Every answer forbids caching: it depends on who asks. */
final class Replies {
    private Replies() {
    }

    /** 200 with one header per realm header (empty when the user has no value), UTF-8 on the wire. */
    static void identity(HttpServerResponse response, Identity identity) {
        identity.headers().forEach((name, value) -> response.putHeader(name, HeaderValues.wire(value)));
        text(response, 200, "");
    }

    static void text(HttpServerResponse response, int status, String body) {
        response.setStatusCode(status).putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
                .putHeader(HttpHeaders.CONTENT_TYPE, "text/plain; charset=utf-8").end(body);
    }

    static void html(HttpServerResponse response, int status, String page) {
        response.setStatusCode(status).putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
                .putHeader(HttpHeaders.CONTENT_TYPE, "text/html; charset=utf-8")
                .putHeader("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'")
                .putHeader("X-Frame-Options", "DENY").end(page);
    }

    /** 503 for a directory that could not answer (its reason logged, not sent), 500 for anything else: never 200. */
    static void unavailable(HttpServerResponse response, Logger log, Throwable cause) {
        if (cause instanceof DirectoryUnavailable) {
            log.warnf("LDAP directory unavailable: %s", cause.getMessage());
            text(response, 503, "the directory is unavailable\n");
        } else {
            log.errorf(cause, "forward-auth check failed");
            text(response, 500, "authentication failed\n");
        }
    }
}
