package io.converge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.converge.consul.KvClient;
import io.converge.model.Phase;
import io.converge.model.Status;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class WatchLinesTest {

    private static ResourceView view(String name, long generation, Phase phase) {
        return new ResourceView(name, Optional.of(new KvClient.Entry("p/" + name, "{}", generation, 1, null)),
                Optional.of(Status.empty().withPhase(phase, "m")));
    }

    private static Map<String, ResourceView> of(ResourceView... views) {
        Map<String, ResourceView> m = new TreeMap<>();
        for (ResourceView v : views) {
            m.put(v.name(), v);
        }
        return m;
    }

    @Test
    void onlyChangedNewAndGoneResourcesMakeALine() {
        var before = of(view("a", 1, Phase.RUNNING), view("b", 1, Phase.RUNNING), view("c", 1, Phase.RUNNING));
        var after = of(view("a", 1, Phase.RUNNING), view("b", 2, Phase.RUNNING), view("d", 1, Phase.PENDING));
        List<ResourceView> lines = WatchLines.changed(before, after);
        assertThat(lines).extracting(ResourceView::name).containsExactly("b", "c", "d");
        assertThat(lines.get(1).phase()).isEqualTo("Deleted");
        assertThat(WatchLines.changed(after, after)).isEmpty();
    }

    @Test
    void aPhaseChangeMakesALineAlignedUnderTheFirstTable() throws Exception {
        var before = of(view("hello", 7, Phase.PENDING));
        var after = of(view("hello", 7, Phase.RUNNING));
        Instant now = Instant.parse("2026-01-01T00:00:00Z");
        var lines = new Listings.Lines(Listings.Output.table, before.values(), now);
        String first = lines.first();
        String next = lines.next(WatchLines.changed(before, after), now);
        assertThat(first).startsWith("NAME ");
        assertThat(next).startsWith("hello ").contains("Running").doesNotContain("NAME");
        assertThat(next.indexOf("Running")).isEqualTo(first.lines().toList().get(1).indexOf("Pending"));
    }
}
