package io.converge.health;

import io.converge.app.Connections;
import io.converge.app.Operator;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready when the first sync is done, the watches are up, and both the Consul agent and Docker answer now (each
 * probe asks them, with the request timeout); says which is missing.
 */
@Readiness
@ApplicationScoped
public class ReadinessCheck implements HealthCheck {

    @Inject
    Operator operator;

    @Inject
    Connections connections;

    private boolean agentAnswers() {
        try {
            connections.consul().agentSelf();
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder r = HealthCheckResponse.named("converge");
        boolean synced = operator.ready();
        // the watches alone cannot tell a frozen agent from a quiet one (a blocking query just waits): ask it
        boolean consul = synced && operator.consulHealthy() && agentAnswers();
        String docker;
        try {
            connections.docker().ping();
            docker = "reachable";
        } catch (RuntimeException e) {
            docker = "unreachable: " + e.getMessage();
        }
        return r.withData("firstSync", synced ? "done" : "pending")
                .withData("consul", consul ? "watching" : synced ? "not answering" : "not watching")
                .withData("docker", docker)
                .status(synced && consul && "reachable".equals(docker)).build();
    }
}
