package io.converge.app;

import io.converge.config.ConvergeConfig;
import io.converge.kernel.ResourceKey;
import io.converge.kernel.Room;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Graceful shutdown of a node that holds locks: each room stops what the held resources run here and releases
 * their locks (once converge is gone nobody could fence them, and a standby takes over at once). Resources without
 * a lock (Services of mode {@code every}) keep running.
 */
final class StandDown {
    private static final Logger LOG = Logger.getLogger(StandDown.class);

    private StandDown() {
    }

    /** The longest a stand-down waits: one stop grace (the stops run in parallel) plus a margin. */
    static Duration budget(ConvergeConfig config) {
        return config.docker().stopGrace().plusSeconds(5);
    }

    /** Stands down from every held resource, in parallel, waiting at most {@code budget}. */
    static void run(List<Room> rooms, Set<ResourceKey> held, Duration budget) {
        if (held.isEmpty()) {
            return;
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(8, held.size()));
        for (ResourceKey k : held) {
            rooms.stream().filter(r -> r.kind() == k.kind()).findFirst().ifPresent(room -> pool.execute(() -> {
                try {
                    room.standDown(k.name());
                    LOG.infof("%s: stood down: instance removed, lock released", k);
                } catch (RuntimeException e) {
                    LOG.warnf("%s: standing down failed: %s", k, e.getMessage());
                }
            }));
        }
        pool.shutdown();
        try {
            if (!pool.awaitTermination(budget.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warnf("standing down took longer than %s; exiting (the fence of the next start finishes it)",
                        budget);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
