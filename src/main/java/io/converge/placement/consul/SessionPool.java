package io.converge.placement.consul;

import io.converge.consul.ConsulConnection;
import io.converge.model.Durations;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * This node's sessions, one per lock-delay in use (SPEC §6.1): the main one with the configured lock-delay,
 * made at start, and one more for each other {@code placement.lockDelay} a Service asks for, made on first use.
 * All are bound to {@code serfHealth} and converge's own TTL check ({@link AliveCheck}), which the pool passes.
 */
public final class SessionPool implements AutoCloseable {
    private final ConsulConnection consul;
    private final String node;
    private final String prefix;
    private final AliveCheck alive;
    private final NodeSession.Settings settings;
    private final NodeSession.Listener listener;
    private final NodeSession main;
    private final Map<Duration, NodeSession> others = new ConcurrentHashMap<>();
    private volatile boolean closed;

    public SessionPool(ConsulConnection consul, String node, String prefix, AliveCheck alive,
                       NodeSession.Settings settings, NodeSession.Listener listener) {
        this.consul = consul;
        this.node = node;
        this.prefix = prefix;
        this.alive = alive;
        this.settings = settings;
        this.listener = listener;
        this.main = new NodeSession(consul, node, prefix, alive, settings, "", listener);
    }

    /** Starts passing converge's check and keeping the main session. */
    public void start() {
        alive.start();
        main.start();
    }

    /** converge's own check, which every session of the pool is bound to. */
    public AliveCheck alive() {
        return alive;
    }

    /** The main session (configured lock-delay): the leader lock and Services without their own lock-delay. */
    public NodeSession main() {
        return main;
    }

    /** The session for a lock-delay, started on first use (its id is empty until Consul made it). */
    public NodeSession session(Duration lockDelay) {
        if (lockDelay.equals(settings.lockDelay())) {
            return main;
        }
        return others.computeIfAbsent(lockDelay, d -> {
            NodeSession s = new NodeSession(consul, node, prefix, alive, settings.withLockDelay(d),
                    "lock-delay-" + Durations.format(d), listener);
            if (!closed) {
                s.start();
            }
            return s;
        });
    }

    /** Shutdown has begun: no session is made any more, neither a lost one again nor one for a new lock-delay. */
    public void stopRecreating() {
        closed = true;
        all().forEach(NodeSession::stopRecreating);
    }

    public List<NodeSession> all() {
        List<NodeSession> out = new java.util.ArrayList<>(others.values());
        out.add(0, main);
        return out;
    }

    /** Stops keeping the sessions and passing the check; the sessions live on for the check's TTL. */
    @Override
    public void close() {
        closed = true;
        all().forEach(NodeSession::close);
        alive.close();
    }
}
