package io.converge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.converge.model.Json;
import io.converge.model.NodeStatus;
import io.converge.model.Phase;
import io.converge.model.Status;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The CLI reads status documents as written by the operator's {@link Status}, from their JSON tree. */
class ResourceViewTest {
    private static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z");

    /** A status as the operator stores it. */
    static JsonNode tree(Status status) {
        return Json.MAPPER.valueToTree(status);
    }

    @Test
    void readsPhaseMessageObservedGenerationActiveNodesAndAgeFromTheStoredDocument() {
        Status s = Status.empty().withObservedGeneration(12).withPhase(Phase.DEGRADED, "restarted once")
                .withCondition("Valid", "True", "SchemaOk", "", NOW.minusSeconds(90))
                .withCondition("Running", "False", "Exited", "", NOW.minusSeconds(30))
                .withNode("b", new NodeStatus("active", "c2", null))
                .withNode("a", new NodeStatus("active", "c1", null))
                .withNode("c", new NodeStatus("standby", null, null));
        String stored = Json.MAPPER.valueToTree(s).toString();
        ResourceView v = new ResourceView("x", Optional.empty(), Optional.of(ResourceView.parseStatus(stored)));
        assertThat(v.message()).isEqualTo("restarted once");
        assertThat(v.observed()).isEqualTo("12");
        assertThat(v.nodes()).isEqualTo("a,b");
        assertThat(v.age(NOW)).isEqualTo("90s");
        assertThat(v.phase()).as("no spec: being deleted").isEqualTo("Terminating");
    }

    @Test
    void anUnreadableStatusIsPendingWithAMessageThatSaysSo() {
        JsonNode broken = ResourceView.parseStatus("{\"phase\": ");
        JsonNode array = ResourceView.parseStatus("[1]");
        assertThat(broken.path("phase").asText()).isEqualTo("Pending");
        assertThat(broken.path("message").asText()).startsWith("unreadable status:");
        assertThat(array.path("message").asText()).isEqualTo("unreadable status: not a JSON object");
    }
}
