package io.converge.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** Restarts of converge and of the Consul agent under it: nothing is recreated, nothing is lost. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RestartIT extends ItBase {

    @Test
    @Order(1)
    void aRestartedConvergeAdoptsRunningContainersWithoutRecreatingThem() throws Exception {
        String id = putAndAwaitRunning(service("keep"));
        String startedAt = Docker.inspect(container("keep"), "{{.State.StartedAt}}").orElseThrow();
        converge.stop();
        assertThat(Docker.running(container("keep"))).as("shutdown leaves containers running").isTrue();

        converge = new ConvergeProcess(node + "-2", ConvergeProcess.props(consul, prefix)).start();
        // a second service converging proves the new process has worked through its queue
        putAndAwaitRunning(service("after"));
        assertThat(Docker.id(container("keep"))).contains(id);
        assertThat(Docker.inspect(container("keep"), "{{.State.StartedAt}}")).contains(startedAt);
        assertThat(converge.log()).doesNotContain("create " + container("keep"));
        assertThat(consul.health("converge-keep")).contains("passing");
    }

    @Test
    @Order(2)
    void afterAConsulAgentRestartTheWatchesResumeAndNothingIsLost() throws Exception {
        String id = putAndAwaitRunning(service("steady"));
        consul.restart();

        putAndAwaitRunning(service("late"));
        assertThat(converge.alive()).isTrue();
        assertThat(Docker.id(container("steady"))).contains(id);
        assertThat(Docker.running(container("steady"))).isTrue();
        assertThat(consul.agentService("converge-steady")).isPresent();

        consul.kvDelete(specKey("steady"));
        await().atMost(EVENTUALLY).until(() -> Docker.id(container("steady")).isEmpty()
                && status("steady").isEmpty());
        assertThat(Docker.running(container("late"))).isTrue();
    }

    @Test
    @Order(3)
    void aFrozenAgentMakesConvergeUnreadyAndItRecoversWhenTheAgentDoes() throws Exception {
        consul.freeze();
        try {
            await().atMost(EVENTUALLY).pollInterval(java.time.Duration.ofMillis(500))
                    .until(() -> converge.health("ready").filter(b -> b.contains("not answering")).isPresent());
        } finally {
            consul.thaw();
        }
        await().atMost(EVENTUALLY).pollInterval(java.time.Duration.ofMillis(200))
                .until(() -> converge.health("ready").filter(b -> b.contains("\"UP\"")).isPresent());
        assertThat(converge.alive()).isTrue();
        putAndAwaitRunning(service("thawed"));
    }
}
