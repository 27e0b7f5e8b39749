package io.converge.services;

import static io.converge.services.ServiceFixture.REGISTRATION;
import static io.converge.services.ServiceFixture.example;
import static io.converge.services.ServiceFixture.spec;
import static org.assertj.core.api.Assertions.assertThat;

import io.converge.kernel.Result;
import io.converge.model.Condition;
import io.converge.model.Status;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** An image that cannot be had and a container that keeps exiting show as Degraded/Failed and are retried. */
class ServiceReconcilerFailureTest {
    private static final String ABSENT = "converge-test/never-pulled:2";
    private final ServiceFixture room = new ServiceFixture();

    private Condition running() {
        return room.status().condition("Running").orElseThrow();
    }

    @Test
    void anAbsentImageWithPullNeverFailsWithoutRemovingTheRunningContainer() {
        room.running(10);
        List<String> docker = room.runtime.mutations();
        List<String> consul = room.registry.mutations();
        room.put(example(d -> spec(d).put("image", ABSENT).put("imagePull", "Never")), 11);

        Result result = room.pass();
        assertThat(result.kind()).isEqualTo(Result.Kind.RETRY);
        assertThat(result.reason()).contains("ImageNotPresent");
        assertThat(room.runtime.mutations()).as("nothing pulled, removed or created").isEqualTo(docker);
        assertThat(room.runtime.inspect("c1").orElseThrow().running()).isTrue();
        assertThat(room.registry.mutations()).isEqualTo(consul);
        Status s = room.status();
        assertThat(s.phase()).isEqualTo("Failed");
        assertThat(running().status()).isEqualTo(Condition.FALSE);
        assertThat(running().reason()).isEqualTo("ImageNotPresent");
        assertThat(running().message()).contains(ABSENT, "Never");
    }

    @Test
    void anAbsentImageWithPullNeverCreatesNothingOnAnEmptyNode() {
        room.put(example(d -> spec(d).put("image", ABSENT).put("imagePull", "Never")), 3);
        assertThat(room.pass().kind()).isEqualTo(Result.Kind.RETRY);
        assertThat(room.runtime.mutations()).isEmpty();
        assertThat(room.status().phase()).isEqualTo("Failed");
        assertThat(running().reason()).isEqualTo("ImageNotPresent");
    }

    @Test
    void anExitedContainerIsStartedAgainDegradedOnceThenFailedAsACrashLoop() {
        room.running(10);
        room.runtime.exit("c1", 1);
        Result first = room.pass();
        assertThat(first.kind()).isEqualTo(Result.Kind.RETRY);
        assertThat(room.runtime.mutations()).last().isEqualTo("start c1");
        assertThat(room.runtime.inspect("c1").orElseThrow().running()).isTrue();
        assertThat(room.status().phase()).isEqualTo("Degraded");
        assertThat(running().reason()).isEqualTo("Restarted");
        assertThat(room.status().message()).contains("1 time");

        room.runtime.exit("c1", 1);
        Result second = room.pass();
        assertThat(second.kind()).isEqualTo(Result.Kind.RETRY);
        assertThat(room.runtime.mutations()).last().isEqualTo("start c1");
        assertThat(room.status().phase()).isEqualTo("Failed");
        assertThat(running().reason()).isEqualTo("CrashLoop");
        assertThat(room.status().message()).contains("2 times");
        assertThat(room.runtime.mutations()).filteredOn(m -> m.startsWith("create") || m.startsWith("remove"))
                .as("restarted in place, never replaced").containsExactly("create converge-hello c1");
    }

    @Test
    void anInstanceThatStaysUpAfterARestartCountsAsStableAgain() {
        room.running(10);
        room.runtime.exit("c1", 1);
        room.pass();
        room.clock.advance(Duration.ofSeconds(29));
        room.pass();
        room.runtime.exit("c1", 1);
        room.pass();
        assertThat(room.status().phase()).as("29 s is not yet stable").isEqualTo("Failed");

        room.clock.advance(Duration.ofSeconds(30));
        assertThat(room.pass().kind()).isEqualTo(Result.Kind.DONE);
        assertThat(room.status().phase()).isEqualTo("Running");
        room.runtime.exit("c1", 1);
        room.pass();
        assertThat(room.status().phase()).as("after 30 s up, an exit is a first restart again")
                .isEqualTo("Degraded");
        assertThat(room.registry.registered(REGISTRATION)).isPresent();
    }

    @Test
    void aRestartedInstanceKeepsTheBackoffGrowingUntilItHasBeenUpLongEnough() {
        room.running(10);
        room.runtime.exit("c1", 1);
        room.pass();
        room.clock.advance(Duration.ofSeconds(5));
        Result notYetStable = room.pass();
        assertThat(notYetStable.kind()).as("a crash loop that runs a few seconds must not reset the backoff")
                .isEqualTo(Result.Kind.RETRY);
        assertThat(room.status().phase()).isEqualTo("Degraded");
        assertThat(room.status().message()).contains("stable after 30s");
        room.clock.advance(Duration.ofSeconds(25));
        assertThat(room.pass().kind()).isEqualTo(Result.Kind.DONE);
    }

    @Test
    void aFixedSpecReplacingACrashingInstanceStartsWithACleanCount() {
        room.running(10);
        room.runtime.exit("c1", 1);
        room.pass();
        assertThat(room.status().phase()).isEqualTo("Degraded");

        room.put(ServiceFixture.example(d -> ServiceFixture.spec(d).put("image", "converge-test/busybox:2")), 11);
        room.runtime.addImage("converge-test/busybox:2");
        room.pass();
        room.registry.health(REGISTRATION, "passing");
        assertThat(room.pass().kind()).isEqualTo(Result.Kind.DONE);
        assertThat(room.status().phase()).as("the new instance is no restart of the old").isEqualTo("Running");
    }
}
