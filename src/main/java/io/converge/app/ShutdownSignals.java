package io.converge.app;

import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;
import sun.misc.Signal;

/**
 * SIGTERM and SIGINT for {@code converge run}: the operator's shutdown runs to its end before the JVM's own begins
 * (a JVM shutdown hook would run beside Quarkus's, which stops serving converge's liveness endpoint at once); then
 * the JVM exits as it would have on the signal ({@code 128 + signal}). A second signal during the shutdown is
 * ignored (SIGKILL still ends the process; {@code converge fence} then finishes the job).
 */
final class ShutdownSignals {
    private static final Logger LOG = Logger.getLogger(ShutdownSignals.class);
    private static final AtomicBoolean HANDLING = new AtomicBoolean();

    private ShutdownSignals() {
    }

    /** Runs {@code shutdown} on the first SIGTERM or SIGINT, then exits. Without signal support, does nothing. */
    static void install(Runnable shutdown) {
        for (String name : new String[] {"TERM", "INT"}) {
            try {
                Signal.handle(new Signal(name), signal -> {
                    if (!HANDLING.compareAndSet(false, true)) {
                        LOG.warnf("SIG%s: already shutting down", signal.getName());
                        return;
                    }
                    LOG.infof("SIG%s: shutting down", signal.getName());
                    try {
                        shutdown.run();
                    } finally {
                        System.exit(128 + signal.getNumber());
                    }
                });
            } catch (IllegalArgumentException | UnsupportedOperationException e) {
                LOG.warnf("cannot handle SIG%s (%s): a stop may end the node's session before it stood down", name,
                        e.getMessage());
            }
        }
    }
}
