package io.converge.health;

import io.converge.kernel.EventSource;
import io.converge.kernel.OperatorState;
import io.converge.kernel.Room;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready when the first sync is done, every event source is healthy (the shared watches and each room's own), the
 * Consul agent answers now (a blocking query just waits on a frozen agent, so the watches alone cannot tell), and
 * each room's engine answers. Says which is missing. Never throws.
 */
@Readiness
@ApplicationScoped
public class ReadinessCheck implements HealthCheck {

    @Inject
    OperatorState operator;

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
        boolean consul = up && operator.agentProblem().isEmpty();
        r.withData("consul", consul ? "watching" : synced ? "not answering" : "not watching");
        up &= consul;
        for (Room room : operator.rooms()) {
            String problem = room.engineProblem().orElse(null);
            r.withData(room.kind().plural() + "-engine", problem == null ? "reachable" : problem);
            up &= problem == null;
        }
        return r.status(up).build();
    }
}
