package io.converge.health;

import io.converge.app.Connections;
import io.converge.app.Operator;
import java.time.Duration;
import java.time.InstantSource;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready when the first sync is done, the watches are up, the Consul agent answered a background ask within the
 * last {@link #AGENT_MAX_AGE} (see {@link AgentProbe}: a frozen agent never holds up this check), and Docker
 * answers; says which is missing.
 */
@Readiness
@ApplicationScoped
public class ReadinessCheck implements HealthCheck {

    @Inject
    Operator operator;

    @Inject
    Connections connections;

    /** Between background asks of the agent; also the time limit of each ask. */
    static final Duration AGENT_INTERVAL = Duration.ofSeconds(1);
    /** The oldest agent answer that still counts: an ask, its timeout, and some slack. */
    static final Duration AGENT_MAX_AGE = Duration.ofSeconds(3);

    private AgentProbe agent;

    private synchronized AgentProbe agent() {
        if (agent == null) {
            agent = new AgentProbe(this::agentAnswers, InstantSource.system(), AGENT_INTERVAL, AGENT_MAX_AGE);
            agent.start();
        }
        return agent;
    }

    private boolean agentAnswers() {
        try {
            return connections.consul().requestBytes("GET", "/v1/agent/self", null, AGENT_INTERVAL)
                    .statusCode() == 200;
        } catch (RuntimeException e) {
            return false;
        }
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
        // the watches alone cannot tell a frozen agent from a quiet one (a blocking query just waits): ask it
        AgentProbe probe = agent();
        boolean consul = synced && operator.consulHealthy() && probe.answering();
        String docker;
        try {
            connections.docker().ping();
            docker = "reachable";
        } catch (RuntimeException e) {
            docker = "unreachable: " + e.getMessage();
        }
        return r.withData("firstSync", synced ? "done" : "pending")
                .withData("consul", consul ? "watching" : synced ? "not answering" : "not watching")
                .withData("consulAgent", probe.describe())
                .withData("docker", docker)
                .status(synced && consul && "reachable".equals(docker)).build();
    }
}
