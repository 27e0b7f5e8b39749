package io.converge.services;

import static org.assertj.core.api.Assertions.assertThat;

import io.converge.model.NodeStatus;
import io.converge.model.Phase;
import io.converge.model.Status;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Several nodes write one status: each its own entry; the active nodes decide phase, message, conditions. */
class ReportTest {
    private static final Instant NOW = Instant.parse("2026-11-30T00:00:00Z");

    private static Report active(Phase phase, String message) {
        return new Report().phase(phase, message).condition("Placed", true, "Active", "")
                .condition("Running", phase == Phase.RUNNING, "x", "")
                .node(new NodeStatus(NodeStatus.ACTIVE, "c-" + message, "t"));
    }

    private static Report standby() {
        return new Report().phase(Phase.STANDBY, "lock held elsewhere").condition("Placed", false, "Standby", "")
                .node(new NodeStatus(NodeStatus.STANDBY, null, null));
    }

    @Test
    void aStandbyWritesOnlyItsOwnEntryWhileAnotherNodeIsActive() {
        Status afterActive = active(Phase.RUNNING, "1/1 instance passing on a").applyTo(Status.empty(), "a", NOW);
        Status afterStandby = standby().applyTo(afterActive, "b", NOW);
        assertThat(afterStandby.phase()).isEqualTo("Running");
        assertThat(afterStandby.message()).isEqualTo("1/1 instance passing on a");
        assertThat(afterStandby.conditions()).isEqualTo(afterActive.conditions());
        assertThat(afterStandby.nodes().get("b").role()).isEqualTo("standby");
        assertThat(afterStandby.nodes().get("b").phase()).isEqualTo("Standby");
    }

    @Test
    void aStandbyWhoseViewOfTheLockLagsNeverOverwritesTheHolders() {
        Status afterActive = active(Phase.RUNNING, "1/1 instance passing on a").holders(java.util.List.of("a"))
                .applyTo(Status.empty(), "a", NOW);
        Status afterStandby = standby().holders(java.util.List.of()).applyTo(afterActive, "b", NOW);
        assertThat(afterStandby.holders()).containsExactly("a");
        assertThat(standby().holders(java.util.List.of()).applyTo(Status.empty(), "b", NOW).holders())
                .as("with no active node, the standby's view is all there is").isEmpty();
    }

    @Test
    void withNoActiveNodeTheStandbyReportsThePhase() {
        Status s = standby().applyTo(Status.empty(), "b", NOW);
        assertThat(s.phase()).isEqualTo("Standby");
        assertThat(s.condition("Placed").orElseThrow().status()).isEqualTo("False");
    }

    @Test
    void severalActiveNodesShowTheWorstPhaseAndWhoIsNotRunning() {
        Status s = active(Phase.RUNNING, "ok on a").applyTo(Status.empty(), "a", NOW);
        s = active(Phase.FAILED, "ImagePullFailed on b").applyTo(s, "b", NOW);
        assertThat(s.phase()).isEqualTo("Failed");
        assertThat(s.message()).isEqualTo("1/2 instances running on a, b; b: ImagePullFailed on b");
        s = active(Phase.RUNNING, "ok on b").applyTo(s, "b", NOW);
        assertThat(s.phase()).isEqualTo("Running");
        assertThat(s.message()).isEqualTo("2/2 instances running on a, b");
    }

    @Test
    void anActiveNodeThatFailedKeepsItsEntry() {
        Status s = new Report().phase(Phase.FAILED, "CreateFailed: x").condition("Placed", true, "Active", "")
                .applyTo(Status.empty(), "a", NOW);
        assertThat(s.nodes().get("a").active()).isTrue();
        assertThat(s.nodes().get("a").phase()).isEqualTo("Failed");
        assertThat(s.phase()).isEqualTo("Failed");
    }
}
