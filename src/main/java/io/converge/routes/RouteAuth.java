package io.converge.routes;

import java.util.List;

/**
 * Authentication in front of a route's upstreams, as the proxy enforces it. The room maps a Route's {@code ldap}
 * auth to {@link Forward} towards converge's own forward-auth endpoint, so that a proxy adapter knows nothing of
 * LDAP.
 */
public sealed interface RouteAuth {

    /** No authentication. */
    record None() implements RouteAuth {
    }

    /** HTTP Basic against these users. */
    record Basic(List<BasicUser> users) implements RouteAuth {
        public Basic {
            users = List.copyOf(users);
        }
    }

    /** @param passwordHash a bcrypt hash ({@code $2a$}, {@code $2b$}, {@code $2y$}); never a clear-text password */
    record BasicUser(String username, String passwordHash) {
    }

    /**
     * Every request is first asked of {@code url} (Caddy's forward_auth): a 2xx answer lets it through, with the
     * headers {@code copyHeaders} of that answer set on the request to the upstream; any other answer goes back to
     * the client. The same headers sent by the client are always deleted before anything else sees the request.
     *
     * @param loginPath     a path prefix served by {@code loginUpstream} without authentication (converge's login
     *                      form), or {@code null}
     * @param loginUpstream where {@code loginPath} goes ({@code host:port}), or {@code null}
     */
    record Forward(String url, List<String> copyHeaders, String loginPath, String loginUpstream)
            implements RouteAuth {
        public Forward {
            copyHeaders = copyHeaders.stream().sorted().distinct().toList();
        }
    }
}
