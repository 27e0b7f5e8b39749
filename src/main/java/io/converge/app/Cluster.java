package io.converge.app;

import io.converge.config.ConvergeConfig;
import io.converge.consul.ConsulConnection;
import io.converge.kernel.EventSource;
import io.converge.kernel.KeySink;
import io.converge.kernel.Leadership;
import io.converge.kernel.NodeIdentity;
import io.converge.kernel.Placement;
import io.converge.kernel.ResourceKey;
import io.converge.kernel.Trigger;
import io.converge.model.Kind;
import io.converge.consul.KvClient;
import io.converge.placement.MonotonicClock;
import io.converge.placement.consul.ConsulLockStore;
import io.converge.placement.consul.AliveCheck;
import io.converge.placement.consul.ConsulPlacement;
import io.converge.placement.consul.Handovers;
import io.converge.placement.consul.KvCache;
import io.converge.placement.consul.LeaderElection;
import io.converge.placement.consul.NodeSession;
import io.converge.placement.consul.SessionPool;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Set;

/**
 * The cluster machinery of one node: its Consul sessions, the cache of the lock keys, lock placement with
 * self-fencing, and the leader election. A lock change enqueues its resource (jumping any backoff: a freed lock
 * must be taken at once); a new session makes every room look again.
 */
final class Cluster implements AutoCloseable {
    private final SessionPool sessions;
    private final KvCache locks;
    private final ConsulPlacement placement;
    private final LeaderElection leader;
    private final Handovers handovers;
    private final ConvergeConfig config;

    /**
     * @param fenced     told when this node loses locks it held (see {@link Placement.FenceListener})
     * @param resyncAll  asked for when a session is (re)established: what was decided without it is decided again
     */
    Cluster(ConsulConnection consul, ConvergeConfig config, String locksDir, NodeIdentity node,
            Duration minLockDelay, java.net.URI endpoint, KeySink sink, Placement.FenceListener fenced, Runnable resyncAll,
            MeterRegistry meters) {
        KvClient kv = new KvClient(consul);
        ConvergeConfig.Placement p = config.placement();
        LeaderElection[] election = new LeaderElection[1];
        ConsulPlacement[] placed = new ConsulPlacement[1];
        locks = new KvCache(kv, locksDir, config.consul().watchWait(), changed -> {
            placed[0].changed(changed).forEach(name -> sink.enqueue(new ResourceKey(Kind.SERVICE, name),
                    Trigger.DESIRED));
            if (changed.contains(election[0].key())) {
                election[0].evaluateSoon();
            }
        });
        this.config = config;
        handovers = new Handovers(consul, config.kv().prefix(), node.name());
        AliveCheck alive = new AliveCheck(consul, node.name(), config.kv().prefix(), endpoint, p.liveCheckInterval(),
                Handover.ttl(config));
        sessions = new SessionPool(consul, node.name(), config.kv().prefix(), alive,
                new NodeSession.Settings(p.lockDelay(), config.consul().watchWait()), new NodeSession.Listener() {
                    @Override
                    public void established(NodeSession session, String id) {
                        election[0].evaluateSoon();
                        resyncAll.run();
                    }

                    @Override
                    public void lost(NodeSession session, String id) {
                        placed[0].sessionLost(id);
                        election[0].evaluateSoon();
                    }
                });
        ConsulLockStore store = new ConsulLockStore(consul);
        placement = new ConsulPlacement(store, locks, sessions, locksDir, node, p.fenceAfter(), minLockDelay, fenced,
                InstantSource.system(), MonotonicClock.system());
        placed[0] = placement;
        leader = new LeaderElection(store, placement, locksDir, node.name());
        election[0] = leader;
        meters.gauge("converge_leader", leader, l -> l.leading() ? 1 : 0);
    }

    /**
     * Starts fencing and the sessions (taking back those a stopped converge handed over); the lock watch is started
     * with the other sources ({@link #locks}).
     */
    void start() {
        placement.start();
        sessions.start();
        Handover.adopt(handovers, placement);
    }

    /**
     * Hands the node over to the next start instead of standing down (SIGTERM with a handover grace): releases the
     * leader lock (another node leads at once), writes the handover marker, passes converge's check one last time,
     * starts the guard unless the supervisor does, and stops keeping the sessions: they stay valid, with every lock
     * they hold, for the grace. False when the handover could not be made (see {@link Handover#handOver}): then
     * nothing else is closed, and the caller stands down and {@link #close}s.
     */
    boolean handOver() {
        sessions.stopRecreating();
        Operator.close(leader);
        if (!Handover.handOver(config, handovers, sessions, placement)) {
            return false;
        }
        Operator.close(placement);
        Operator.close(locks);
        Operator.close(sessions);
        return true;
    }

    Placement placement() {
        return placement;
    }

    Leadership leadership() {
        return leader;
    }

    /** Runs {@code listener} each time this node starts to lead (leader-only rooms look at everything then). */
    void onLeadershipGained(Runnable listener) {
        leader.onGained(listener);
    }

    /** The lock watch, counted in readiness like every other source. */
    EventSource locks() {
        return locks;
    }

    /** Every resource whose lock or slot this node holds now. */
    Set<ResourceKey> held() {
        return placement.held();
    }

    /** Shutdown has begun: see {@link SessionPool#stopRecreating}. */
    void stopRecreatingSessions() {
        sessions.stopRecreating();
    }

    /**
     * Gives up leadership, stops fencing and watching, and removes converge's registration: its sessions end with
     * it. Called after the stand-down, when nothing is held any more.
     */
    @Override
    public void close() {
        Operator.close(leader);
        Operator.close(placement);
        Operator.close(locks);
        Operator.close(sessions);
        sessions.alive().deregister();
    }
}
