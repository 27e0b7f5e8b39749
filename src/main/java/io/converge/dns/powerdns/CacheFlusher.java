package io.converge.dns.powerdns;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Flushes PowerDNS's caches for the names of a change once more, shortly after the {@code PATCH} that made it.
 * PowerDNS purges its caches for the zone when a {@code PATCH} commits, but a query that read the backend just
 * before the commit can store its old answer in the packet cache just after the purge; that answer is then served
 * until {@code cache-ttl} (20 s by default) runs out. The benchmark saw it in 3 of 76 changes. A second flush of
 * exactly those names after {@code delays} evicts such an answer; each flush is one {@code PUT} per name, sent from a
 * thread of its own, and a failure only costs the stale answer its remaining cache time (logged at debug).
 */
final class CacheFlusher implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(CacheFlusher.class);

    private final PowerDnsApi api;
    private final List<Duration> delays;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "powerdns-cache-flush");
        t.setDaemon(true);
        return t;
    });

    CacheFlusher(PowerDnsApi api, List<Duration> delays) {
        this.api = api;
        this.delays = List.copyOf(delays);
    }

    /** Schedules the flushes of {@code names} (absolute) after each delay. Never blocks. */
    void after(Set<String> names) {
        Set<String> sorted = new TreeSet<>(names);
        for (Duration delay : delays) {
            timer.schedule(() -> flush(sorted), delay.toNanos(), TimeUnit.NANOSECONDS);
        }
    }

    private void flush(Set<String> names) {
        for (String name : names) {
            String url = api.server() + "/cache/flush?domain=" + URLEncoder.encode(name, StandardCharsets.UTF_8);
            try {
                PowerDnsApi.Answer answer = api.send("PUT", url, null, Duration.ofSeconds(2));
                if (!answer.ok()) {
                    LOG.debugf("PowerDNS cache flush of %s: HTTP %d", name, answer.status());
                }
            } catch (IOException e) {
                LOG.debugf("PowerDNS cache flush of %s: %s", name, e.getMessage());
            }
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
