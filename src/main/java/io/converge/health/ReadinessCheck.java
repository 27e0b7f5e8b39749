package io.converge.health;

import io.converge.kernel.EventSource;
import io.converge.kernel.OperatorState;
import io.converge.kernel.Room;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.InstantSource;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready when the first sync is done, every event source is healthy (the shared watches and each room's own), the
 * Consul agent answered a background ask within the last {@link #AGENT_MAX_AGE} (see {@link AgentProbe}: a
 * blocking query just waits on a frozen agent, so the watches alone cannot tell, and a frozen agent never holds up
 * this check; it asks only while readiness is being probed), and each room's engine answers. Says which is
 * missing. Never throws.
 */
@Readiness
@ApplicationScoped
public class ReadinessCheck implements HealthCheck {
    /** Between background asks of the agent; also the time limit of each ask. */
    static final Duration AGENT_INTERVAL = Duration.ofSeconds(1);
    /** The oldest agent answer that still counts: an ask, its timeout, and some slack. */
    static final Duration AGENT_MAX_AGE = Duration.ofSeconds(3);

    @Inject
    OperatorState operator;

    private AgentProbe agent;

    /** Started on the first probe: a converge nobody probes asks nothing. */
    private synchronized AgentProbe agent() {
        if (agent == null) {
            agent = new AgentProbe(() -> operator.agentAnswers(AGENT_INTERVAL), InstantSource.system(),
                    AGENT_INTERVAL, AGENT_MAX_AGE);
            agent.start();
        }
        return agent;
    }

    @PreDestroy
    synchronized void close() {
        if (agent != null) {
            agent.close();
        }
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder r = HealthCheckResponse.named("converge");
        boolean synced = operator.ready();
        boolean up = synced;
        r.withData("firstSync", synced ? "done" : "pending");
        for (EventSource source : operator.sources()) {
            boolean healthy = source.healthy();
            r.withData(source.name(), healthy ? "watching" : "not watching");
            up &= healthy;
        }
        AgentProbe probe = agent();
        if (probe.wanted()) {
            probe.askOnce(); // the first probe after a quiet spell: one ask, bounded by AGENT_INTERVAL
        }
        boolean answering = probe.answering();   // the agent itself; each watch on it has its own entry above
        boolean consul = synced && answering;
        r.withData("consul", consul ? "watching" : answering ? "not watching" : "not answering");
        r.withData("consulAgent", probe.describe());
        up &= consul;
        for (Room room : operator.rooms()) {
            String problem = room.engineProblem().orElse(null);
            r.withData(room.kind().plural() + "-engine", problem == null ? "reachable" : problem);
            up &= problem == null;
        }
        return r.status(up).build();
    }
}
