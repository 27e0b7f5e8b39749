package io.converge.health;

import io.converge.app.Connections;
import io.converge.app.Operator;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/** Ready when the first sync is done and both Consul (the watches) and Docker (a ping) answer; says why not. */
@Readiness
@ApplicationScoped
public class ReadinessCheck implements HealthCheck {

    @Inject
    Operator operator;

    @Inject
    Connections connections;

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder r = HealthCheckResponse.named("converge");
        boolean synced = operator.ready();
        boolean consul = synced && operator.consulHealthy();
        String docker;
        try {
            connections.docker().ping();
            docker = "reachable";
        } catch (RuntimeException e) {
            docker = "unreachable: " + e.getMessage();
        }
        return r.withData("firstSync", synced ? "done" : "pending")
                .withData("consul", consul ? "watching" : "not watching")
                .withData("docker", docker)
                .status(synced && consul && "reachable".equals(docker)).build();
    }
}
