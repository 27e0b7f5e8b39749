package io.converge.routes.caddy;

import io.converge.kernel.EventSource;
import io.converge.routes.ProxyException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * {@code caddy-probe}: asks Caddy every interval whether it still holds converge's part
 * ({@link CaddyProxy#holds}) and calls back once each time it finds it lost (the next apply re-reads the part).
 * Healthy while the last probe reached the admin API.
 */
final class CaddyProbe implements EventSource {
    private static final Logger LOG = Logger.getLogger(CaddyProbe.class);

    private final CaddyProxy proxy;
    private final Duration interval;
    private final Runnable lost;
    private ScheduledExecutorService timer;
    private volatile boolean healthy = true;

    CaddyProbe(CaddyProxy proxy, Duration interval, Runnable lost) {
        this.proxy = proxy;
        this.interval = interval;
        this.lost = lost;
    }

    @Override
    public String name() {
        return "caddy-probe";
    }

    @Override
    public synchronized void start() {
        if (timer == null) {
            timer = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "caddy-probe");
                t.setDaemon(true);
                return t;
            });
            long ms = interval.toMillis();
            timer.scheduleWithFixedDelay(this::probe, ms, ms, TimeUnit.MILLISECONDS);
        }
    }

    private void probe() {
        try {
            boolean holds = proxy.holds();
            boolean wasDown = !healthy;
            healthy = true;
            if (!holds) {
                LOG.info("Caddy no longer holds converge's routes (restarted without them, or edited by hand)");
                lost.run();
            } else if (wasDown) {
                // Caddy answers again: an apply that failed meanwhile must not wait for its backoff
                LOG.info("Caddy's admin API answers again; converge's routes are checked and sent if needed");
                lost.run();
            }
        } catch (ProxyException e) {
            if (healthy) {
                LOG.warnf("caddy-probe: %s", e.getMessage());
            }
            healthy = false;
        } catch (RuntimeException e) {
            healthy = false;
            LOG.warn("caddy-probe failed", e);
        }
    }

    @Override
    public boolean synced() {
        return true;
    }

    @Override
    public boolean healthy() {
        return healthy;
    }

    @Override
    public synchronized void close() {
        if (timer != null) {
            timer.shutdownNow();
        }
    }
}
