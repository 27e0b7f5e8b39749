package io.converge.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class StatusTest {
    private static final Instant T0 = Instant.parse("2026-11-29T10:00:00Z");
    private static final Instant T1 = Instant.parse("2026-11-29T10:05:00Z");

    @Test
    void aNewConditionTransitionsNow() {
        Status s = Status.empty().withCondition("Valid", Condition.TRUE, "SchemaOk", null, T0);
        assertThat(s.condition("Valid")).hasValue(new Condition("Valid", "True", "SchemaOk", "", T0.toString()));
    }

    @Test
    void anUnchangedStatusKeepsItsTransitionTimeButTakesTheNewReasonAndMessage() {
        Status s = Status.empty().withCondition("Healthy", Condition.FALSE, "CheckCritical", "check is critical", T0)
                .withCondition("Healthy", Condition.FALSE, "CheckWarning", "check is warning", T1);
        Condition c = s.condition("Healthy").orElseThrow();
        assertThat(c.lastTransitionTime()).isEqualTo(T0.toString());
        assertThat(c.reason()).isEqualTo("CheckWarning");
        assertThat(c.message()).isEqualTo("check is warning");
    }

    @Test
    void aChangedStatusMovesTheTransitionTime() {
        Status s = Status.empty().withCondition("Healthy", Condition.FALSE, "CheckCritical", "", T0)
                .withCondition("Healthy", Condition.TRUE, "CheckPassing", "", T1);
        assertThat(s.condition("Healthy").orElseThrow().lastTransitionTime()).isEqualTo(T1.toString());
        assertThat(s.condition("Healthy").orElseThrow().isTrue()).isTrue();
    }

    @Test
    void settingTheSameConditionLaterLeavesTheStatusEqualSoItIsNotRewritten() {
        Status s = Status.empty().withObservedGeneration(3)
                .withCondition("Valid", Condition.TRUE, "SchemaOk", "", T0)
                .withCondition("Running", Condition.TRUE, "ContainerRunning", "c1", T0);
        Status again = s.withCondition("Running", Condition.TRUE, "ContainerRunning", "c1", T1)
                .withCondition("Valid", Condition.TRUE, "SchemaOk", "", T1);
        assertThat(again).isEqualTo(s);
    }

    @Test
    void otherConditionsAndTheirOrderAreKept() {
        Status s = Status.empty().withCondition("Valid", "True", "SchemaOk", "", T0)
                .withCondition("Placed", "True", "Active", "", T0)
                .withCondition("Valid", "False", "Invalid", "bad", T1);
        assertThat(s.conditions()).extracting(Condition::type).containsExactly("Valid", "Placed");
        assertThat(s.condition("Placed").orElseThrow().lastTransitionTime()).isEqualTo(T0.toString());
        assertThat(s.condition("Missing")).isEmpty();
    }

    @Test
    void withNodeSetsAndRemovesOneNodesEntry() {
        Status s = Status.empty().withNode("b", new NodeStatus("active", "c1", T0.toString()))
                .withNode("a", new NodeStatus("standby", null, null));
        assertThat(s.nodes()).containsOnlyKeys("a", "b");
        assertThat(s.nodes().keySet()).containsExactly("a", "b");
        assertThat(s.withNode("b", null).nodes()).containsOnlyKeys("a");
        assertThat(s.withNode("zzz", null)).isEqualTo(s);
    }

    @Test
    void withMethodsReturnCopiesAndLeaveTheOriginalAlone() {
        Status s = Status.empty();
        Status changed = s.withPhase(Phase.RUNNING, "1/1").withObservedGeneration(9)
                .withApplied(Json.MAPPER.createObjectNode().put("image", "busybox"), 8);
        assertThat(s).isEqualTo(Status.empty());
        assertThat(changed.phase()).isEqualTo("Running");
        assertThat(changed.message()).isEqualTo("1/1");
        assertThat(changed.observedGeneration()).isEqualTo(9);
        assertThat(changed.appliedGeneration()).isEqualTo(8);
    }

    @Test
    void emptyIsPendingWithNothingElse() {
        Status s = Status.empty();
        assertThat(s.phase()).isEqualTo("Pending");
        assertThat(s.conditions()).isEmpty();
        assertThat(s.nodes()).isEmpty();
        assertThat(s.appliedSpec()).isNull();
        assertThat(new Status(0, "Pending", null, null, null, null, null)).isEqualTo(s);
    }

    @Test
    void aStatusSurvivesAJsonRoundTrip() throws Exception {
        Status s = Status.empty().withObservedGeneration(12).withPhase(Phase.RUNNING, "ok")
                .withCondition("Valid", "True", "SchemaOk", "", T0)
                .withApplied(Json.MAPPER.readTree("{\"image\":\"busybox\",\"env\":{\"A\":\"1\"}}"), 11)
                .withNode("node-a", new NodeStatus("active", "abc", T0.toString()));
        String json = Json.MAPPER.writeValueAsString(s);
        assertThat(Json.MAPPER.readValue(json, Status.class)).isEqualTo(s);
        assertThat(Json.MAPPER.readTree(json).path("nodes").path("node-a").has("containerId")).isTrue();
    }
}
