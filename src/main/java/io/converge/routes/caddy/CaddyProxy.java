package io.converge.routes.caddy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.converge.kernel.EventSource;
import io.converge.routes.Proxy;
import io.converge.routes.ProxyException;
import io.converge.routes.RouteSet;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * {@link Proxy} on Caddy 2.6's admin API. converge's part is its server {@code apps.http.servers.<server>} and its
 * {@code converge-*} entries of {@code apps.tls} ({@link CaddyConfig}); nothing else is written.
 * <p>
 * Requests per {@link #apply}: none when the rendering equals the last one sent and the last check found it intact;
 * a change of routes or upstreams is ONE request ({@code POST /config/apps/http/servers/<server>}, which creates or
 * replaces converge's server; a {@code PUT} creating {@code apps.http.servers} follows only when Caddy has no such
 * path yet); a TLS change adds a read and a write of {@code apps.tls} ({@code GET}, then {@code POST} with Caddy's
 * ETag in {@code If-Match}, so a concurrent hand edit is never overwritten: Caddy answers 412). After a start or a
 * loss, converge's part is read first and adopted without a write when Caddy already holds it (no reload).
 */
public final class CaddyProxy implements Proxy {
    private static final String TLS = "/config/apps/tls";

    private final CaddyConfig config;
    private final CaddyAdmin admin;
    private final Duration probeInterval;
    private final String serverPath;
    private JsonNode sentServer;
    private JsonNode sentTls;
    private volatile boolean intact;

    /**
     * @param admin         Caddy's admin API, e.g. {@code http://127.0.0.1:2019}
     * @param server        converge's server name in {@code apps.http.servers}
     * @param listeners     where that server listens, and Caddy's HTTP port
     * @param timeout       the limit of one admin request
     * @param probeInterval how often {@link #lost} checks converge's part
     */
    public CaddyProxy(URI admin, String server, Listeners listeners, Duration timeout, Duration probeInterval) {
        this.config = new CaddyConfig(server, listeners);
        this.admin = new CaddyAdmin(admin, timeout);
        this.probeInterval = probeInterval;
        this.serverPath = "/config/apps/http/servers/" + server;
    }

    @Override
    public synchronized boolean apply(RouteSet routes) throws ProxyException {
        ObjectNode server = config.server(routes);
        CaddyTls.Part tls = config.tls(routes);
        JsonNode tlsOwn = CaddyTls.own(CaddyTls.merge(null, tls));
        if (intact && server.equals(sentServer) && tlsOwn.equals(sentTls)) {
            return false;
        }
        boolean recheck = !intact;
        intact = false;
        boolean changed = false;
        if (recheck || !tlsOwn.equals(sentTls)) {
            changed = writeTls(tls, tlsOwn);
        }
        if (recheck || !server.equals(sentServer)) {
            changed |= writeServer(server, recheck);
        }
        intact = true;
        return changed;
    }

    /** Reads {@code apps.tls} and writes it back with converge's entries replaced, unless they are already there. */
    private boolean writeTls(CaddyTls.Part tls, JsonNode tlsOwn) throws ProxyException {
        byte[] current = admin.read(TLS);
        JsonNode app = Nodes.parse(current);
        if (CaddyTls.own(app).equals(tlsOwn)) {
            sentTls = tlsOwn;
            return false;
        }
        byte[] merged = Nodes.bytes(CaddyTls.merge(app, tls));
        if (app.isObject()) {
            admin.send("POST", TLS, merged, CaddyAdmin.etag(TLS, current));
        } else {
            admin.send("PUT", TLS, merged, null);
        }
        sentTls = tlsOwn;
        return true;
    }

    /** Creates or replaces converge's server in one request; {@code read} first checks whether Caddy holds it. */
    private boolean writeServer(ObjectNode server, boolean read) throws ProxyException {
        if (read && server.equals(Nodes.parse(admin.read(serverPath)))) {
            sentServer = server;
            return false;
        }
        byte[] body = Nodes.bytes(server);
        try {
            admin.send("POST", serverPath, body, null);
        } catch (ProxyException e) {
            if (!e.getMessage().contains("invalid traversal path")) {
                throw e;
            }
            admin.send("PUT", serverPath, body, null); // apps.http.servers does not exist yet: PUT creates the path
        }
        sentServer = server;
        return true;
    }

    /**
     * Whether Caddy still holds what converge last sent: one {@code GET} of converge's server, and one of
     * {@code apps.tls} when converge has TLS entries. True when there is nothing to compare yet (nothing sent, or
     * the last apply failed or found a loss: the next apply reads Caddy first anyway); a request is made all the
     * same, so that an unreachable Caddy throws. A false answer marks the part lost, so that it is reported once.
     */
    synchronized boolean holds() throws ProxyException {
        if (sentServer == null) {
            admin.get("/config/admin");
            return true;
        }
        boolean same = sentServer.equals(Nodes.parse(admin.read(serverPath)));
        if (!intact) {
            return true;
        }
        boolean ownsTls = !sentTls.path("load_files").isEmpty() || !sentTls.path("policies").isEmpty();
        if (same && ownsTls) {
            same = CaddyTls.own(Nodes.parse(admin.read(TLS))).equals(sentTls);
        }
        intact = same;
        return same;
    }

    /**
     * Probes Caddy every {@code probe-interval} (Caddy has no event stream), so a loss is noticed within one
     * interval: one {@code GET} of converge's server (plus one of {@code apps.tls} when converge has TLS entries),
     * whose answer is converge's server JSON, about 250 bytes per route (measured: 24.9 KB and 4-10 ms per probe on a busy 2-core machine,
     * parse and compare included, for 100 routes of two upstreams on loopback).
     * {@code lost} is called once when converge's part is missing or differs from what converge sent (Caddy
     * restarted without it, or edited by hand); the next {@link #apply} writes it again.
     */
    @Override
    public EventSource lost(Runnable lost) {
        return new CaddyProbe(this, probeInterval, lost);
    }

    /** Caddy's admin API unreachable or failing, in its words: a {@code GET /config/admin} (a few bytes). */
    @Override
    public Optional<String> problem() {
        try {
            admin.get("/config/admin");
            return Optional.empty();
        } catch (ProxyException e) {
            return Optional.of(e.getMessage());
        }
    }

    /** How many requests this adapter sent to the admin API since it was made (applies, probes and problems). */
    public long adminRequests() {
        return admin.requests();
    }
}
