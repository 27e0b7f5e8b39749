package io.converge.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.converge.it.ClusterPlacement.Holder;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Issue 11, item 1: a restart of converge interrupts nothing (SPEC §6.1), on a 2-node dev cluster (loopback net
 * 127.0.3) with a {@link Sampler} watching the singleton for the whole of each disturbance: a stop followed by a
 * start within the handover grace keeps the container and the lock (the same session); a stop longer than the
 * grace moves the singleton (the handover guard fenced, then ended the sessions); kill -9 then
 * {@code converge fence} (what systemd's ExecStopPost runs) moves it after lock-delay, never two at once; a stop
 * followed by a frozen agent is fenced by the guard within fence-after.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HandoverClusterIT {
    private static final Duration LOCK_DELAY = Duration.ofSeconds(8);
    /**
     * Above the default (30 s): on this shared 2-core machine under load, a converge took 26 s to start and the
     * guard's JVM 10-14 s, and a restart must come within the grace counted from the guard's start.
     */
    private static final Duration GRACE = Duration.ofSeconds(Long.getLong("converge.it.handover-grace", 60));

    private DevCluster cluster;
    private ClusterPlacement pl;
    private String prefix;
    private final List<String> toDelete = new ArrayList<>();

    @BeforeAll
    void startCluster() throws Exception {
        prefix = "it/ho-" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0xffff));
        cluster = new DevCluster(System.getProperty("converge.it.handover-net", "127.0.3"), "ho", prefix, 2,
                "-Dconverge.placement.lock-delay=" + LOCK_DELAY.toSeconds() + "s -Dconverge.placement.fence-after=6s"
                        + " -Dconverge.placement.fence-kill-budget=2s -Dconverge.placement.live-check-interval=1s"
                        + " -Dconverge.shutdown.handover-grace=" + GRACE.toSeconds() + "s"
                        + " -Dconverge.docker.stop-grace=2s");
        pl = new ClusterPlacement(cluster);
        cluster.up();
        pl.awaitNodeSessions();
    }

    @AfterEach
    void restore() throws Exception {
        cluster.up();
        pl.awaitNodeSessions();
        for (String name : toDelete) {
            pl.delete(name);
        }
        toDelete.clear();
    }

    @AfterAll
    void stopCluster() throws Exception {
        if (cluster != null) {
            cluster.down();
        }
    }

    private Holder place(String name) throws Exception {
        toDelete.add(name);
        pl.put(ClusterPlacement.service(name, "singleton", LOCK_DELAY));
        return pl.awaitSingleton(name, node -> true);
    }

    private String handoverKey(String node) {
        return prefix + "/handover/" + node;
    }

    @Test
    @Order(1)
    void aRestartWithinTheGraceKeepsTheContainerAndTheLock() throws Exception {
        Holder holder = place("keep");
        int i = cluster.index(holder.node());
        String session = cluster.kvSession(pl.lockKey("keep")).orElseThrow();
        try (Sampler sampler = Sampler.start("keep", prefix)) {
            cluster.stopConverge(i);
            assertThat(cluster.kvEntry(handoverKey(holder.node()))).as("the stop wrote the handover marker")
                    .isPresent();
            assertThat(cluster.kvSession(pl.lockKey("keep"))).as("the lock stays held").contains(session);
            Thread.sleep(2000); // an upgrade: the new version is started a little later
            cluster.up();
            await("adoption").atMost(GRACE).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                    .until(() -> cluster.kvEntry(handoverKey(holder.node())).isEmpty());
            await().during(Duration.ofSeconds(10)).atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                    .ignoreExceptions().until(() -> pl.unchanged("keep", holder));
            assertThat(cluster.kvSession(pl.lockKey("keep"))).as("the same session holds the lock").contains(session);
            assertThat(sampler.allIds()).as("the same container all along\n%s", sampler.report())
                    .containsExactly(holder.containerId());
            assertThat(sampler.min()).as("never stopped\n%s", sampler.report()).isEqualTo(1);
            assertThat(sampler.max()).as("never two\n%s", sampler.report()).isEqualTo(1);
        }
        String log = Files.readString(cluster.log("converge-" + i));
        assertThat(log).contains("adopted the node from pid").contains("took back session " + session)
                .doesNotContain("FENCED");
    }

    @Test
    @Order(2)
    void aStopLongerThanTheGraceMovesTheSingleton() throws Exception {
        Holder holder = place("away");
        int i = cluster.index(holder.node());
        try (Sampler sampler = Sampler.start("away", prefix)) {
            cluster.stopConverge(i);
            long t = sampler.now(); // the guard stands in from here
            await("moved").atMost(GRACE.plus(LOCK_DELAY).plusSeconds(20)).pollInterval(Duration.ofMillis(200))
                    .ignoreExceptions().until(() -> Sampler.running("away", prefix).containsValue(
                            cluster.node(3 - i)));
            Holder moved = pl.awaitSingleton("away", node -> !node.equals(holder.node()));
            long stopped = sampler.firstChange(t, s -> !s.containers().containsValue(holder.node())) - t;
            long started = sampler.firstChange(t, s -> s.containers().containsValue(moved.node())) - t;
            assertThat(stopped).as("the guard kills when the grace is over\n%s", sampler.report())
                    .isBetween(GRACE.toMillis() - 2000, GRACE.toMillis() + 5000);
            assertThat(started - stopped).as("then the lock moves after lock-delay\n%s", sampler.report())
                    .isGreaterThanOrEqualTo(LOCK_DELAY.toMillis() - 1000);
            assertThat(sampler.max()).as("never two\n%s", sampler.report()).isEqualTo(1);
        }
        assertThat(Files.readString(cluster.log("converge-" + i))).contains("FENCED_GRACE");
    }

    @Test
    @Order(3)
    void aKilledConvergeIsFencedByConvergeFenceAndMovesAfterTheLockDelayNeverTwo() throws Exception {
        Holder holder = place("crash");
        int i = cluster.index(holder.node());
        try (Sampler sampler = Sampler.start("crash", prefix)) {
            long t = sampler.now();
            cluster.killConverge(i);
            Docker.Result fence = cluster.cli(i, "fence", "--node", holder.node()); // ExecStopPost, non-success
            assertThat(fence.exitCode()).as(fence.out()).isZero();
            // the session may have ended already (TTL = grace) when the JVM of `fence` was slow to start
            assertThat(fence.out()).contains("killed ").containsPattern("ended [01] session");
            Holder moved = pl.awaitSingleton("crash", node -> !node.equals(holder.node()));
            long started = sampler.firstChange(t, s -> s.containers().containsValue(moved.node())) - t;
            assertThat(started).as("after lock-delay, not after the TTL of converge's check (grace + lock-delay)\n%s",
                    sampler.report()).isBetween(LOCK_DELAY.toMillis(), GRACE.plus(LOCK_DELAY).toMillis());
            assertThat(sampler.max()).as("never two\n%s", sampler.report()).isEqualTo(1);
        }
    }

    @Test
    @Order(4)
    void aRestartUnderAFrozenAgentStillFencesAndNeverRunsTwo() throws Exception {
        Holder holder = place("frozen");
        int i = cluster.index(holder.node());
        try (Sampler sampler = Sampler.start("frozen", prefix)) {
            cluster.stopConverge(i); // handed over: the guard stands in
            long t = sampler.now();
            cluster.signalAgent(i, "STOP"); // ... and can prove nothing from now on
            Holder moved;
            try {
                moved = pl.awaitSingleton("frozen", node -> !node.equals(holder.node()));
            } finally {
                cluster.signalAgent(i, "CONT");
            }
            long stopped = sampler.firstChange(t, s -> !s.containers().containsValue(holder.node())) - t;
            long started = sampler.firstChange(t, s -> s.containers().containsValue(moved.node())) - t;
            // fence-after (6 s) after the last proof, plus the kill: 12.6 s from the STOP was seen here under load
            // (docker took 4.7 s to kill), far from the grace; what must hold is that it is gone before the move
            assertThat(stopped).as("the guard kills after fence-after, not at the grace\n%s", sampler.report())
                    .isLessThan(GRACE.toMillis() / 2).isLessThan(started);
            assertThat(started).as("the lock moves only after lock-delay\n%s", sampler.report())
                    .isGreaterThanOrEqualTo(LOCK_DELAY.toMillis());
            // the restart: the new converge finds the sessions gone and stays standby
            cluster.up();
            pl.awaitStatus("frozen", s -> "standby".equals(ClusterPlacement.role(s, holder.node())));
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
                    .ignoreExceptions().until(() -> pl.unchanged("frozen", moved));
            assertThat(sampler.max()).as("never two\n%s", sampler.report()).isEqualTo(1);
        }
        assertThat(Files.readString(cluster.log("converge-" + i))).contains("FENCED_UNPROVED");
    }
}
