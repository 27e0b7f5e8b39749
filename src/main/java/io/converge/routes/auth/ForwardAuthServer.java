package io.converge.routes.auth;

import io.converge.routes.RouteAuth;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import java.time.Duration;
import java.time.InstantSource;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * converge's forward-auth endpoint: an HTTP server of its own (not Quarkus's) on {@code converge.proxy.auth.listen},
 * loopback by default, serving {@code GET /auth/<route>} to the local proxy and the login form at
 * {@link #LOGIN_PATH} to browsers (through the proxy). Plain Java: the app layer builds it, {@link #start}s it on a
 * proxy node and {@link #stop}s it at shutdown; the Route room keeps {@link AuthRealms} in step.
 */
public final class ForwardAuthServer {
    /** The login form's path on every protected host, which the proxy sends here without authentication. */
    public static final String LOGIN_PATH = "/.converge/login";
    /** The path prefix Caddy's forward_auth asks: {@code /auth/<route>}. */
    public static final String AUTH_PATH = "/auth/";
    /** How long Basic credentials the directory accepted are reused without asking it again. */
    public static final Duration BASIC_REUSE = Duration.ofSeconds(30);
    private static final Logger LOG = Logger.getLogger(ForwardAuthServer.class);
    private static final int WORKERS = 8;

    private final Vertx vertx;
    private final String host;
    private final int port;
    private final AuthEndpoint auth;
    private final LoginEndpoint login;
    private final WorkerExecutor worker;
    private HttpServer server;

    /**
     * @param vertx      the Vert.x instance whose event loop serves the requests (Quarkus's, or the test's own)
     * @param listen     {@code host:port} ({@code converge.proxy.auth.listen}); port 0 picks a free one
     * @param directory  checks credentials ({@link LdapDirectory})
     * @param sessions   signs login cookies ({@code new SessionCodec(SessionCodec.secret(cookieSecretFile), clock)})
     * @param sessionTtl how long a form login lasts ({@code converge.proxy.auth.session-ttl})
     * @param basicReuse how long an accepted Basic login is reused ({@link #BASIC_REUSE}; zero: never)
     */
    public ForwardAuthServer(Vertx vertx, String listen, AuthRealms realms, Directory directory,
                             SessionCodec sessions, Duration sessionTtl, Duration basicReuse, InstantSource clock) {
        int colon = listen.lastIndexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("converge.proxy.auth.listen must be host:port, not " + listen);
        }
        this.vertx = vertx;
        this.host = listen.substring(0, colon).replace("[", "").replace("]", "");
        this.port = Integer.parseInt(listen.substring(colon + 1));
        this.worker = vertx.createSharedWorkerExecutor("converge-auth", WORKERS, 60, TimeUnit.SECONDS);
        Logins logins = new Logins(directory, worker, new AcceptedLogins(basicReuse, clock));
        this.auth = new AuthEndpoint(realms, logins, sessions);
        this.login = new LoginEndpoint(realms, logins, sessions, sessionTtl);
    }

    /**
     * Listens, and returns once it does.
     *
     * @return the port it listens on
     * @throws IllegalStateException naming the address when it cannot listen (in use, no such address)
     */
    public synchronized int start() {
        HttpServerOptions options = new HttpServerOptions().setHost(host).setPort(port)
                .setMaxFormAttributeSize(8192).setIdleTimeout(60).setIdleTimeoutUnit(TimeUnit.SECONDS);
        try {
            server = vertx.createHttpServer(options).requestHandler(this::route)
                    .listen().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new IllegalStateException("forward-auth endpoint cannot listen on " + host + ":" + port + ": "
                    + cause.getMessage(), cause);
        }
        LOG.infof("forward-auth endpoint listening on %s", address());
        return server.actualPort();
    }

    /** Stops listening and waits for it; idempotent. */
    public synchronized void stop() {
        if (server != null) {
            try {
                server.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                LOG.warnf("forward-auth endpoint did not close cleanly: %s", e.getMessage());
            }
            server = null;
        }
        worker.close();
    }

    /** {@code host:port} it listens on (after {@link #start}), as the proxy dials it. */
    public synchronized String address() {
        String h = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
        return h + ":" + (server != null ? server.actualPort() : port);
    }

    /** The URL the proxy's forward_auth asks for {@code route}. */
    public String authUrl(String route) {
        return "http://" + address() + AUTH_PATH + route;
    }

    /** What the Route room gives the proxy for a Route with {@code auth.type: ldap}. */
    public RouteAuth.Forward routeAuth(LdapRealm realm) {
        return new RouteAuth.Forward(authUrl(realm.route()), realm.headerNames(), LOGIN_PATH, address());
    }

    private void route(HttpServerRequest request) {
        String path = request.path();
        if (path.startsWith(AUTH_PATH) && path.length() > AUTH_PATH.length()) {
            auth.handle(request, path.substring(AUTH_PATH.length()));
        } else if (path.equals(LOGIN_PATH)) {
            login.handle(request);
        } else {
            Replies.text(request.response(), 404, "not found\n");
        }
    }
}
