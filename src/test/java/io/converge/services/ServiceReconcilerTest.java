package io.converge.services;

import static io.converge.services.ServiceFixture.IMAGE;
import static io.converge.services.ServiceFixture.REGISTRATION;
import static io.converge.services.ServiceFixture.example;
import static io.converge.services.ServiceFixture.spec;
import static org.assertj.core.api.Assertions.assertThat;

import io.converge.kernel.Placement;
import io.converge.kernel.ResourceKey;
import io.converge.kernel.Result;
import io.converge.model.Condition;
import io.converge.model.Kind;
import io.converge.model.Status;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A Service through its lifecycle on one node, against in-memory fakes of every port. */
class ServiceReconcilerTest {
    private final ServiceFixture room = new ServiceFixture();

    private static String reason(Status s, String type) {
        return s.condition(type).orElseThrow().reason();
    }

    @Test
    void aValidSpecIsPulledCreatedStartedAndRegisteredStartingUntilItsCheckPasses() {
        room.put(example(), 10);
        assertThat(room.pass().kind()).isEqualTo(Result.Kind.DONE);
        assertThat(room.runtime.mutations()).containsExactly("pull " + IMAGE, "create converge-hello c1", "start c1");
        Instance c1 = room.runtime.inspect("c1").orElseThrow();
        assertThat(c1.running()).isTrue();
        assertThat(c1.labels()).containsEntry(Labels.MANAGED, "true").containsEntry(Labels.SERVICE, "hello")
                .containsEntry(Labels.NODE, "node-a").containsKey(Labels.SPEC_HASH);
        InstanceRegistry.Registration reg = room.registry.registered(REGISTRATION).orElseThrow();
        assertThat(reg.name()).isEqualTo("hello");
        assertThat(reg.tags()).containsExactly("web", "demo", "starting");
        assertThat(reg.meta()).containsEntry("converge-generation", "10").containsEntry("owner", "ops");
        assertThat(reg.address()).isEqualTo("10.0.0.5");
        assertThat(reg.port()).isEqualTo(18080);
        assertThat(reg.check().http()).isEqualTo("/healthz");
        Status starting = room.status();
        assertThat(starting.phase()).isEqualTo("Starting");
        assertThat(starting.condition("Healthy").orElseThrow().isTrue()).isFalse();
        assertThat(reason(starting, "Healthy")).isEqualTo("CheckCritical");

        room.registry.health(REGISTRATION, "passing");
        assertThat(room.pass().kind()).isEqualTo(Result.Kind.DONE);
        assertThat(room.runtime.mutations()).as("nothing more to do in Docker").hasSize(3);
        assertThat(room.registry.registered(REGISTRATION).orElseThrow().tags()).containsExactly("web", "demo",
                "running");
        Status running = room.status();
        assertThat(running.phase()).isEqualTo("Running");
        assertThat(running.message()).contains("1/1", "passing", "node-a");
        assertThat(running.conditions()).extracting(Condition::type)
                .containsExactlyInAnyOrder("Valid", "Placed", "Running", "Registered", "Healthy");
        assertThat(running.conditions()).allSatisfy(c -> assertThat(c.status()).as(c.type()).isEqualTo("True"));
        assertThat(running.observedGeneration()).isEqualTo(10);
        assertThat(running.appliedGeneration()).isEqualTo(10);
        assertThat(running.appliedSpec()).isEqualTo(spec(example()));
        assertThat(running.nodes().get("node-a").role()).isEqualTo("active");
        assertThat(running.nodes().get("node-a").containerId()).isEqualTo("c1");
    }

    @Test
    void aSecondPassOverAConvergedServiceChangesNothing() {
        Status before = room.running(10);
        List<String> docker = room.runtime.mutations();
        List<String> consul = room.registry.mutations();
        int writes = room.statuses.writes();
        room.clock.advance(Duration.ofMinutes(5));

        assertThat(room.pass().kind()).isEqualTo(Result.Kind.DONE);
        assertThat(room.pass().kind()).isEqualTo(Result.Kind.DONE);
        assertThat(room.runtime.mutations()).isEqualTo(docker);
        assertThat(room.registry.mutations()).isEqualTo(consul);
        assertThat(room.status()).isEqualTo(before);
        assertThat(room.statuses.writes()).as("an unchanged status is not rewritten").isEqualTo(writes);
    }

    @Test
    void aChangedImageReplacesTheContainerRemovingTheOldOneFirst() {
        room.running(10);
        room.put(example(d -> spec(d).put("image", "converge-test/busybox:1.37")), 11);
        room.runtime.addImage("converge-test/busybox:1.37");
        int before = room.runtime.mutations().size();
        room.pass();
        assertThat(room.runtime.mutations().subList(before, room.runtime.mutations().size()))
                .containsExactly("stop c1", "remove c1", "create converge-hello c2", "start c2");
        assertThat(room.registry.registered(REGISTRATION).orElseThrow().meta())
                .containsEntry("converge-generation", "11");
    }

    @Test
    void aReplacementDoesNotInheritTheOldInstancesPassingCheck() {
        room.running(10);
        room.put(example(d -> spec(d).putObject("env").put("VERSION", "2")), 11);
        int before = room.registry.mutations().size();
        room.pass();
        assertThat(room.registry.mutations().subList(before, room.registry.mutations().size())).containsExactly(
                "register converge-hello [web, demo, stopping]", "deregister converge-hello",
                "register converge-hello [web, demo, starting]");
        assertThat(room.status().phase()).isEqualTo("Starting");
        room.registry.health(REGISTRATION, "passing");
        room.pass();
        assertThat(room.status().phase()).isEqualTo("Running");
    }

    @Test
    void aCheckThatFailsAfterPassingIsDegradedWithoutReRegistering() {
        room.running(10);
        List<String> consul = room.registry.mutations();
        room.registry.health(REGISTRATION, "critical");
        room.pass();
        assertThat(room.status().phase()).isEqualTo("Degraded");
        assertThat(room.status().message()).contains("critical");
        assertThat(room.registry.mutations()).as("the state tag stays `running`").isEqualTo(consul);
        room.registry.health(REGISTRATION, "passing");
        room.pass();
        assertThat(room.status().phase()).isEqualTo("Running");
    }

    @Test
    void changedTagsReRegisterWithoutTouchingTheContainer() {
        room.running(10);
        List<String> docker = room.runtime.mutations();
        room.put(example(d -> spec(d).putArray("tags").add("web").add("export")), 11);
        room.pass();
        assertThat(room.runtime.mutations()).isEqualTo(docker);
        assertThat(room.registry.registered(REGISTRATION).orElseThrow().tags()).containsExactly("web", "export",
                "running");
    }

    @Test
    void deletingTheSpecRemovesContainersRegistrationAndStatus() {
        room.running(10);
        room.desired.delete(Kind.SERVICE, ServiceFixture.NAME);
        assertThat(room.pass().kind()).isEqualTo(Result.Kind.DONE);
        assertThat(room.runtime.all()).isEmpty();
        assertThat(room.runtime.mutations()).endsWith("stop c1", "remove c1");
        assertThat(room.registry.mutations()).endsWith("register converge-hello [web, demo, stopping]",
                "deregister converge-hello");
        assertThat(room.registry.registered(REGISTRATION)).isEmpty();
        assertThat(room.statuses.read(Kind.SERVICE, ServiceFixture.NAME)).isEmpty();
        assertThat(room.placement.released()).containsExactly(new ResourceKey(Kind.SERVICE, "hello"));

        List<String> docker = room.runtime.mutations();
        List<String> consul = room.registry.mutations();
        assertThat(room.pass().kind()).isEqualTo(Result.Kind.DONE);
        assertThat(room.runtime.mutations()).isEqualTo(docker);
        assertThat(room.registry.mutations()).isEqualTo(consul);
    }

    @Test
    void aNodeNoLongerAmongTheCandidatesRemovesItsContainerAndDeregisters() {
        room.running(10);
        room.placement.role(Placement.Role.NOT_CANDIDATE);
        assertThat(room.pass().kind()).isEqualTo(Result.Kind.DONE);
        assertThat(room.runtime.mutations()).endsWith("stop c1", "remove c1");
        assertThat(room.runtime.all()).isEmpty();
        assertThat(room.registry.mutations()).last().isEqualTo("deregister converge-hello");
        assertThat(room.registry.registered(REGISTRATION)).isEmpty();
        Status s = room.status();
        assertThat(s.phase()).isEqualTo("Pending");
        assertThat(s.condition("Placed").orElseThrow().isTrue()).isFalse();
        assertThat(reason(s, "Placed")).isEqualTo("NotCandidate");
        assertThat(s.condition("Running").orElseThrow().isTrue()).isFalse();
        assertThat(s.nodes()).doesNotContainKey("node-a");
    }
}
