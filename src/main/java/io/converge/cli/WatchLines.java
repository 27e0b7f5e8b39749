package io.converge.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@code converge get -w} prints after the first listing: the resources whose line changed (phase, nodes,
 * generation, observed generation or message), and those gone (phase {@code Deleted}), in name order. Pure.
 */
final class WatchLines {
    private WatchLines() {
    }

    static List<ResourceView> changed(Map<String, ResourceView> before, Map<String, ResourceView> after) {
        List<ResourceView> out = new ArrayList<>();
        java.util.SortedSet<String> names = new java.util.TreeSet<>(before.keySet());
        names.addAll(after.keySet());
        for (String name : names) {
            ResourceView was = before.get(name);
            ResourceView now = after.get(name);
            if (now == null) {
                out.add(new ResourceView(name, Optional.empty(), Optional.empty()));
            } else if (was == null || !line(was).equals(line(now))) {
                out.add(now);
            }
        }
        return out;
    }

    /** What a line shows, but its age (which changes by itself). */
    private static List<String> line(ResourceView v) {
        return List.of(v.phase(), v.nodes(), v.generation(), v.observed(), Objects.toString(v.message(), ""));
    }
}
