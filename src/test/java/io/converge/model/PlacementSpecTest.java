package io.converge.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlacementSpecTest {
    private static final Map<String, String> ONAMAE = Map.of("site", "onamae", "tier", "edge");

    private static PlacementSpec spec(List<String> nodes, Map<String, String> meta) {
        return new PlacementSpec("every", null, nodes, meta, null);
    }

    @Test
    void defaultsAreSingletonWithFifteenSecondsLockDelayAndAllNodes() {
        PlacementSpec d = PlacementSpec.defaults();
        assertThat(d.mode()).isEqualTo("singleton");
        assertThat(d.lockDelay()).isEqualTo("15s");
        assertThat(d.nodes()).isEmpty();
        assertThat(d.nodeMeta()).isEmpty();
        assertThat(d.replicas()).isNull();
    }

    @Test
    void noConstraintsAdmitsEveryNode() {
        assertThat(PlacementSpec.defaults().admits("any", Map.of())).isTrue();
    }

    @Test
    void nodesAdmitsOnlyTheNamedNodes() {
        PlacementSpec s = spec(List.of("node-a", "node-b"), null);
        assertThat(s.admits("node-a", Map.of())).isTrue();
        assertThat(s.admits("node-b", ONAMAE)).isTrue();
        assertThat(s.admits("node-c", ONAMAE)).isFalse();
        assertThat(s.admits("NODE-A", Map.of())).as("node names are exact").isFalse();
    }

    @Test
    void nodeMetaNeedsEveryKeyWithItsValue() {
        PlacementSpec s = spec(null, Map.of("site", "onamae"));
        assertThat(s.admits("x", ONAMAE)).isTrue();
        assertThat(s.admits("x", Map.of("site", "aws"))).isFalse();
        assertThat(s.admits("x", Map.of())).isFalse();
        PlacementSpec both = spec(null, Map.of("site", "onamae", "tier", "core"));
        assertThat(both.admits("x", ONAMAE)).isFalse();
    }

    @Test
    void nodesAndNodeMetaMustBothMatch() {
        PlacementSpec s = spec(List.of("node-a"), Map.of("site", "onamae"));
        assertThat(s.admits("node-a", ONAMAE)).isTrue();
        assertThat(s.admits("node-a", Map.of("site", "aws"))).isFalse();
        assertThat(s.admits("node-b", ONAMAE)).isFalse();
    }

    @Test
    void readFromJsonWithDefaultsApplied() throws Exception {
        PlacementSpec s = Json.MAPPER.readValue("{\"nodeMeta\":{\"site\":\"onamae\"}}", PlacementSpec.class);
        assertThat(s.mode()).isEqualTo("singleton");
        assertThat(s.lockDelay()).isEqualTo("15s");
        assertThat(s.admits("x", ONAMAE)).isTrue();
    }
}
