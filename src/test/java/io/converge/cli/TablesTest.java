package io.converge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.converge.model.NodeStatus;
import io.converge.model.Phase;
import io.converge.model.Status;
import io.converge.consul.KvClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TablesTest {
    private static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z");

    @Test
    void columnsAreLeftAlignedThreeSpacesApartAndTheLastIsNotPadded() {
        String table = Tables.format(List.of(
                new String[] {"NAME", "PHASE", "AGE"},
                new String[] {"hello", "Running", "5m"},
                new String[] {"a-much-longer-name", "Failed", "12d"}));
        assertThat(table).isEqualTo(""
                + "NAME                 PHASE     AGE\n"
                + "hello                Running   5m\n"
                + "a-much-longer-name   Failed    12d\n");
    }

    @Test
    void everyColumnStartsAtTheSameOffsetOnEveryLine() {
        String table = Tables.format(List.of(
                new String[] {"NAME", "PHASE", "NODES", "MESSAGE"},
                new String[] {"x", "Pending", "<none>", ""},
                new String[] {"web-frontend", "Running", "node-a,node-b", "1/1 instance passing"}));
        List<String> lines = table.lines().toList();
        int phase = lines.get(0).indexOf("PHASE");
        int nodes = lines.get(0).indexOf("NODES");
        assertThat(lines.get(1).indexOf("Pending")).isEqualTo(phase);
        assertThat(lines.get(2).indexOf("Running")).isEqualTo(phase);
        assertThat(lines.get(1).indexOf("<none>")).isEqualTo(nodes);
        assertThat(lines.get(2).indexOf("node-a,node-b")).isEqualTo(nodes);
        assertThat(phase).isEqualTo("web-frontend".length() + 3);
    }

    @Test
    void noRowsPrintNothing() {
        assertThat(Tables.format(List.of())).isEmpty();
    }

    private static ResourceView view(String name, long generation, Status status) {
        return new ResourceView(name, Optional.of(new KvClient.Entry("converge/specs/services/" + name, "{}",
                generation, 1, null)), Optional.ofNullable(status));
    }

    @Test
    void getPrintsNamePhaseNodesGenerationObservedAndAge() {
        Status running = Status.empty().withObservedGeneration(41).withPhase(Phase.RUNNING, "1/1 passing")
                .withCondition("Valid", "True", "SchemaOk", "", NOW.minus(Duration.ofMinutes(5)))
                .withNode("node-b", new NodeStatus("active", "c1", null))
                .withNode("node-a", new NodeStatus("standby", null, null));
        List<ResourceView> views = List.of(view("hello", 42, running), view("new", 7, null),
                new ResourceView("gone", Optional.empty(), Optional.of(Status.empty())));
        List<String> lines = Tables.format(Listings.rows(views, false, NOW, true)).lines().toList();
        assertThat(lines).hasSize(4);
        assertThat(lines.get(0).split(" +")).containsExactly("NAME", "PHASE", "NODES", "GEN", "OBSERVED", "AGE");
        assertThat(lines.get(1).split(" +")).containsExactly("hello", "Running", "node-b", "42", "41", "5m");
        assertThat(lines.get(2).split(" +")).containsExactly("new", "Pending", "<none>", "7", "-", "-");
        assertThat(lines.get(3).split(" +")).containsExactly("gone", "Terminating", "<none>", "-", "0", "-");
        int gen = lines.get(0).indexOf("GEN");
        assertThat(lines.subList(1, 3)).allSatisfy(l -> assertThat(l.charAt(gen)).isNotEqualTo(' '));
    }

    @Test
    void wideAddsTheMessageAsTheLastColumn() {
        Status s = Status.empty().withPhase(Phase.FAILED, "ImageNotPresent: image x is not present");
        List<String> lines = Tables.format(Listings.rows(List.of(view("hello", 3, s)), true, NOW, true)).lines().toList();
        assertThat(lines.get(0)).endsWith("MESSAGE");
        assertThat(lines.get(1)).endsWith("ImageNotPresent: image x is not present");
        assertThat(lines.get(1).indexOf("ImageNotPresent")).isEqualTo(lines.get(0).indexOf("MESSAGE"));
    }
}
