package io.converge.placement.consul;

import io.converge.kernel.Leadership;
import io.converge.placement.Holdings;
import io.converge.placement.LockPlanner;
import io.converge.placement.LockStore;
import io.converge.placement.Step;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Election of the cluster leader on {@code <prefix>/locks/leader}, contended by every node with its main session.
 * Re-evaluated when the lock key changes, when a session is made or lost, and once a freed lock's lock-delay is
 * over; never polled. Leading means holding the lock with a session proved valid within fence-after, so a fenced
 * node stops leading at the same moment it stops its instances.
 */
public final class LeaderElection implements Leadership, AutoCloseable {
    private static final Logger LOG = Logger.getLogger(LeaderElection.class);

    private final LockStore store;
    private final ConsulPlacement placement;
    private final String key;
    private final String node;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "leader-election");
        t.setDaemon(true);
        return t;
    });
    private ScheduledFuture<?> pending;
    private volatile boolean wasLeading;
    private volatile boolean closed;
    private volatile Runnable gained = () -> { };

    public LeaderElection(LockStore store, ConsulPlacement placement, String locksDir, String node) {
        this.store = store;
        this.placement = placement;
        this.key = locksDir + "leader";
        this.node = node;
        placement.onLeaderFenced(this::lost);
    }

    /** Told (on the election's thread) each time this node starts to lead. */
    public void onGained(Runnable listener) {
        this.gained = listener;
    }

    public String key() {
        return key;
    }

    @Override
    public boolean leading() {
        Optional<Holdings.Held> held = placement.holdings().get(key);
        Optional<String> sid = placement.sessions().main().id();
        return held.isPresent() && sid.equals(Optional.of(held.get().session()))
                && placement.holdings().fresh(held.get().session());
    }

    /** Asks for an evaluation soon (on the election's own thread). */
    public void evaluateSoon() {
        schedule(Duration.ZERO);
    }

    private synchronized void schedule(Duration delay) {
        if (closed) {
            return;
        }
        if (pending != null && !pending.isDone() && pending.getDelay(TimeUnit.NANOSECONDS) <= delay.toNanos()) {
            return;
        }
        if (pending != null) {
            pending.cancel(false);
        }
        pending = timer.schedule(this::evaluate, delay.toNanos(), TimeUnit.NANOSECONDS);
    }

    private void evaluate() {
        synchronized (this) {
            pending = null; // this run is the pending one: a retry it asks for must be scheduled, not dropped
        }
        try {
            evaluateOnce();
        } catch (RuntimeException e) {
            LOG.debugf("leader election: %s; trying again in 1 s", e.getMessage());
            schedule(Duration.ofSeconds(1));
        }
    }

    /** One evaluation: {@link LockPlanner#leader} decides, {@link LockExecutor} acquires. */
    private void evaluateOnce() {
        NodeSession session = placement.sessions().main();
        Optional<String> sid = session.id();
        if (closed) {
            return;
        }
        Holdings holdings = placement.holdings();
        Optional<LockStore.Entry> seen = placement.cached(key);
        Step end = placement.executor().run(attempt -> new LockPlanner.Input(null, "leader", true, 1, key, sid,
                session.lockDelay(), holdings.get(key).map(List::of).orElse(List.of()), placement.freshSessions(),
                seen, placement.executor().freeSince(), holdings.now(), placement.wall(), attempt),
                placement.planner()::leader);
        if (end instanceof Step.Announce || end instanceof Step.Take) {
            announce();
        } else if (end instanceof Step.WaitUntil w) {
            schedule(w.decision().retryAfter().orElseThrow());
        }
    }

    private void announce() {
        boolean leads = leading();
        boolean before = wasLeading;
        wasLeading = leads;
        if (leads && !before) {
            LOG.infof("leader: this node (%s) leads the cluster (%s)", node, key);
            gained.run();
        } else if (!leads && before) {
            LOG.infof("leader: this node (%s) no longer leads", node);
        }
    }

    private void lost() {
        if (wasLeading) {
            LOG.warnf("leader: this node (%s) lost leadership (fenced)", node);
        }
        wasLeading = false;
        evaluateSoon();
    }

    /** Gives up leadership (graceful shutdown): released, so another node leads at once. */
    @Override
    public void close() {
        closed = true;
        timer.shutdownNow();
        placement.holdings().remove(key).ifPresent(h -> {
            try {
                store.release(key, store.get(key).map(LockStore.Entry::value).orElse(""), h.session());
                LOG.infof("leader: released %s", key);
            } catch (RuntimeException e) {
                LOG.debugf("leader: release failed: %s", e.getMessage());
            }
        });
    }
}
