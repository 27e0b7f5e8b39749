package io.converge.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Restarts of converge and of the Consul agent under it: nothing is recreated, nothing is lost. Instances of
 * {@code every} Services outlive converge; a lock holder stands down on shutdown (nobody could fence it after).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RestartIT extends ItBase {

    @Test
    @Order(1)
    void aRestartedConvergeAdoptsRunningContainersWithoutRecreatingThem() throws Exception {
        ObjectNode keep = service("keep");
        spec(keep).putObject("placement").put("mode", "every");
        String id = putAndAwaitRunning(keep);
        String startedAt = Docker.inspect(container("keep"), "{{.State.StartedAt}}").orElseThrow();
        converge.stop();
        assertThat(Docker.running(container("keep"))).as("shutdown leaves containers of `every` running").isTrue();

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
    void onShutdownALockHolderStandsDownAndARestartTakesTheLockAgainWithoutWaitingForLockDelay() throws Exception {
        // The instance ignores SIGTERM (busybox httpd as PID 1), so standing down takes the whole stop grace (3 s):
        // the agent runs converge's 1 s liveness check at least twice meanwhile. If the endpoint stopped answering
        // during the stand-down, the session would end (its locks in lock-delay) before the locks are released.
        converge.stop();
        java.util.Map<String, String> slowStop = new java.util.LinkedHashMap<>(ConvergeProcess.props(consul, prefix));
        slowStop.put("converge.placement.live-check-interval", "1s");
        slowStop.put("converge.docker.stop-grace", "3s");
        converge = new ConvergeProcess(node + "-slow-stop", slowStop).start();
        ObjectNode solo = service("solo");
        spec(solo).putArray("command").add("httpd").add("-f").add("-p").add("8080").add("-h").add("/www");
        putAndAwaitRunning(solo);
        String lock = prefix + "/locks/services/solo";
        assertThat(consul.kvEntry(lock).orElseThrow().path("Session").asText()).isNotEmpty();
        int logged = converge.log().length();
        long stopping = System.nanoTime();
        converge.stop();
        String shutdown = converge.log().substring(logged);
        assertThat(shutdown).as("the session outlived the stand-down").contains("stood down")
                .doesNotContain("was invalidated", "created session", "fencing");
        assertThat(java.time.Duration.ofNanos(System.nanoTime() - stopping))
                .as("the stand-down outlasts two runs of the live check").isGreaterThan(java.time.Duration.ofSeconds(2));
        assertThat(Docker.id(container("solo"))).as("nobody could fence it once converge is gone").isEmpty();
        assertThat(consul.kvEntry(lock).orElseThrow().has("Session")).as("released, not left to expire").isFalse();
        assertThat(consul.agentService("converge-solo")).isEmpty();

        converge = new ConvergeProcess(node + "-3", ConvergeProcess.props(consul, prefix)).start();
        long ready = System.nanoTime(); // measured from ready: a JVM start on a loaded machine is no lock-delay
        awaitStatus("solo", s -> "Running".equals(s.path("phase").asText()));
        assertThat(java.time.Duration.ofNanos(System.nanoTime() - ready))
                .as("a released lock has no lock-delay (15 s)").isLessThan(java.time.Duration.ofSeconds(12));
        assertThat(converge.log()).doesNotContain("in its lock-delay");
    }

    @Test
    @Order(3)
    void afterAConsulAgentRestartTheWatchesResumeAndNothingIsLost() throws Exception {
        ObjectNode steady = service("steady");
        spec(steady).putObject("placement").put("mode", "every");
        String id = putAndAwaitRunning(steady);
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
    @Order(4)
    void aFrozenAgentMakesConvergeUnreadyAndItRecoversWhenTheAgentDoes() throws Exception {
        consul.freeze();
        try {
            await().atMost(EVENTUALLY).pollInterval(java.time.Duration.ofMillis(500))
                    .until(() -> converge.health("ready").filter(b -> b.contains("not answering")).isPresent());
            long started = System.nanoTime();
            assertThat(converge.health("ready")).get().asString().contains("not answering");
            assertThat(java.time.Duration.ofNanos(System.nanoTime() - started))
                    .as("readiness answers from what converge knows, not after the request timeout")
                    .isLessThan(java.time.Duration.ofMillis(1_500));
        } finally {
            consul.thaw();
        }
        await().atMost(EVENTUALLY).pollInterval(java.time.Duration.ofMillis(200))
                .until(() -> converge.health("ready").filter(b -> b.contains("\"UP\"")).isPresent());
        assertThat(converge.alive()).isTrue();
        putAndAwaitRunning(service("thawed"));
    }

    @Test
    @Order(5)
    void afterConvergeDiedWithoutFencingConvergeFenceKillsItsLockedInstancesAndSparesEvery() throws Exception {
        putAndAwaitRunning(service("locked"));
        ObjectNode everywhere = service("everywhere");
        spec(everywhere).putObject("placement").put("mode", "every");
        putAndAwaitRunning(everywhere);
        converge.kill(); // SIGKILL: no stand-down; its session will end and a standby could take over
        assertThat(Docker.running(container("locked"))).isTrue();

        ConvergeProcess.Run fence = converge.cli("fence");
        assertThat(fence.exitCode()).as(fence.err()).isZero();
        assertThat(fence.out()).contains("killed " + container("locked"))
                .doesNotContain("killed " + container("everywhere"));
        assertThat(Docker.running(container("locked"))).as("lock-placed: killed").isFalse();
        assertThat(Docker.running(container("everywhere"))).as("every: spared").isTrue();
        assertThat(converge.cli("fence").out()).as("idempotent").contains("0 instances killed");
    }
}
