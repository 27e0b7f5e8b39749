package io.converge.routes.auth;

import io.converge.kernel.EventSource;
import org.jboss.logging.Logger;

/**
 * The forward-auth endpoint as the operator runs it: started with the room's other sources and stopped at
 * shutdown; healthy while it listens, so that readiness says when it could not. Reports nothing itself.
 */
public final class AuthEndpointSource implements EventSource {
    private static final Logger LOG = Logger.getLogger(AuthEndpointSource.class);

    private final ForwardAuthServer server;
    private final AutoCloseable directory;
    private volatile boolean listening;

    /** @param directory closed after the server stops (its connection pools) */
    public AuthEndpointSource(ForwardAuthServer server, AutoCloseable directory) {
        this.server = server;
        this.directory = directory;
    }

    @Override
    public String name() {
        return "auth-endpoint";
    }

    @Override
    public void start() {
        try {
            server.start();
            listening = true;
        } catch (RuntimeException e) {
            LOG.errorf("%s; Routes with LDAP auth refuse every request until converge restarts", e.getMessage());
        }
    }

    @Override
    public boolean synced() {
        return true;
    }

    @Override
    public boolean healthy() {
        return listening;
    }

    @Override
    public void close() {
        listening = false;
        server.stop();
        try {
            directory.close();
        } catch (Exception e) {
            LOG.debugf("closing the directory pools: %s", e.getMessage());
        }
    }
}
