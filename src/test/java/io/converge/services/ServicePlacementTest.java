package io.converge.services;

import static io.converge.services.ServiceFixture.REGISTRATION;
import static io.converge.services.ServiceFixture.example;
import static io.converge.services.ServiceFixture.spec;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.converge.kernel.Placement;
import io.converge.kernel.ResourceKey;
import io.converge.kernel.Result;
import io.converge.model.Kind;
import io.converge.model.NodeStatus;
import io.converge.model.Status;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the Service room does with placement's answers: fencing, yielding, lock-delay rules, holders. */
class ServicePlacementTest {
    private final ServiceFixture room = new ServiceFixture();

    private static ObjectNode withLockDelay(String lockDelay) {
        return example(d -> spec(d).putObject("placement").put("mode", "singleton").put("lockDelay", lockDelay));
    }

    @Test
    void anInstanceStartedWhileTheNodeWasFencedIsKilledAtOnce() {
        room.placement.holds(false); // the fence came while the pass created the container
        room.put(example(), 10);
        Result r = room.pass();

        assertThat(room.runtime.mutations()).containsSubsequence("create converge-hello c1", "start c1", "stop c1");
        assertThat(room.runtime.inspect("c1").orElseThrow().running()).isFalse();
        assertThat(r.kind()).isEqualTo(Result.Kind.REQUEUE_AFTER);
        Status s = room.status();
        assertThat(s.phase()).isEqualTo("Standby");
        assertThat(s.condition("Placed").orElseThrow().reason()).isEqualTo("Fenced");
    }

    @Test
    void fencingKillsTheRunningInstanceWithoutAskingConsul() {
        room.running(10);
        List<String> consul = room.registry.mutations();
        room.reconciler.fence(ServiceFixture.NAME);
        assertThat(room.runtime.inspect("c1").orElseThrow().running()).isFalse();
        assertThat(room.registry.mutations()).as("a fence never waits on Consul").isEqualTo(consul);

        room.placement.role(Placement.Role.STANDBY);
        room.pass();
        assertThat(room.runtime.inspect("c1")).as("the next pass removes it").isEmpty();
        assertThat(room.registry.registered(REGISTRATION)).isEmpty();
    }

    @Test
    void anInstanceKilledByAFenceAndStartedAgainIsNoCrash() {
        room.running(10);
        room.reconciler.fence(ServiceFixture.NAME);
        room.pass(); // this node got its lock back: the same container is started again
        assertThat(room.runtime.inspect("c1").orElseThrow().running()).isTrue();
        assertThat(room.status().phase()).isNotIn("Degraded", "Failed");
    }

    @Test
    void aYieldingHolderRemovesItsInstanceBeforeItReleasesTheLock() {
        room.running(10);
        room.placement.role(Placement.Role.NOT_CANDIDATE);
        room.placement.yielding(true);
        room.placement.instancesPresent(() -> room.runtime.inspect("c1").isPresent());
        room.pass();
        assertThat(room.runtime.inspect("c1")).isEmpty();
        assertThat(room.placement.released()).containsExactly(new ResourceKey(Kind.SERVICE, ServiceFixture.NAME));
        assertThat(room.placement.releasedWhileInstances()).as("released only once the instance was gone").isZero();
    }

    @Test
    void aLockDelayShorterThanTheNodeCanFenceWithinIsRejectedAndTheRunningSpecStays() {
        room.put(withLockDelay("15s"), 10);
        room.pass();
        List<String> docker = room.runtime.mutations();

        room.put(withLockDelay("5s"), 11);
        Result r = room.pass();
        assertThat(r.kind()).isEqualTo(Result.Kind.TERMINAL);
        Status s = room.status();
        assertThat(s.condition("Valid").orElseThrow().isTrue()).isFalse();
        assertThat(s.condition("Valid").orElseThrow().message()).contains("/spec/placement/lockDelay")
                .contains("5s").contains("8s");
        assertThat(s.appliedGeneration()).isEqualTo(10);
        assertThat(room.runtime.mutations()).as("nothing touched").isEqualTo(docker);

        room.put(withLockDelay("61s"), 12);
        room.pass();
        assertThat(room.status().condition("Valid").orElseThrow().message()).contains("60s");
    }

    @Test
    void aStandbyWaitingOutALockDelayAsksAgainWhenItIsOver() {
        room.placement.role(Placement.Role.STANDBY);
        room.placement.retryAfter(Duration.ofMillis(7950));
        room.put(example(), 10);
        Result r = room.pass();
        assertThat(r.kind()).isEqualTo(Result.Kind.REQUEUE_AFTER);
        assertThat(r.after()).isEqualTo(Duration.ofMillis(7950));
        assertThat(room.runtime.mutations()).isEmpty();
        assertThat(room.status().nodes().get("node-a").role()).isEqualTo(NodeStatus.STANDBY);
    }

    @Test
    void theHolderRecordsTheHoldersAndDropsTheStaleActiveEntryOfTheNodeItTookOverFrom() {
        room.put(example(), 10);
        room.statuses.update(Kind.SERVICE, ServiceFixture.NAME, s -> s.withNode("node-dead",
                new NodeStatus(NodeStatus.ACTIVE, "old", "t")).withNode("node-c", new NodeStatus(NodeStatus.STANDBY,
                null, null)));
        room.placement.holders(List.of("node-a"));
        room.pass();
        Status s = room.status();
        assertThat(s.holders()).containsExactly("node-a");
        assertThat(s.nodes()).containsOnlyKeys("node-a", "node-c");
    }

    @Test
    void aHolderWhoseProofIsAboutToExpireStartsNothingUntilConsulConfirmsItsSession() {
        room.placement.confident(false);
        room.put(example(), 10);
        Result r = room.pass();
        assertThat(room.runtime.mutations()).isEmpty();
        assertThat(r.kind()).isEqualTo(Result.Kind.REQUEUE_AFTER);

        room.placement.confident(true);
        room.pass();
        assertThat(room.runtime.mutations()).contains("start c1");
    }
}
