package io.converge.routes;

import io.converge.kernel.EventSource;
import java.util.Optional;

/**
 * The node's reverse proxy as converge drives it: converge's own part of its configuration only (for Caddy, a
 * server of converge's own and the TLS entries it created, by {@code @id}), never anything else. Thread-safe;
 * {@link #apply} is called from one thread at a time.
 */
public interface Proxy {

    /**
     * Makes the proxy serve exactly {@code routes} as converge's part, in as few configuration changes as the proxy
     * allows (Caddy: one request for a change of routes and upstreams). Idempotent: sends nothing when the proxy
     * already holds this rendering (a reload would close WebSocket connections).
     *
     * @return true when it changed the proxy's configuration now, false when it already held the set
     * @throws ProxyException when the proxy refused the configuration or cannot be reached; the previous one stays
     */
    boolean apply(RouteSet routes) throws ProxyException;

    /**
     * An event source that calls {@code lost} when the proxy no longer holds converge's part (restarted without
     * its configuration, or changed by hand). A proxy without an event stream is probed: the implementation says
     * how often and what a probe costs.
     */
    EventSource lost(Runnable lost);

    /** Why the proxy cannot be used now, in its own words, or empty. */
    Optional<String> problem();
}
