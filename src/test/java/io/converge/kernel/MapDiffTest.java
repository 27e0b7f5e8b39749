package io.converge.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The one map diff of the watches: added, removed and changed keys, sorted. */
class MapDiffTest {

    @Test
    void findsAddedRemovedAndChangedKeysOnly() {
        Map<String, Long> before = Map.of("same", 1L, "changed", 2L, "removed", 3L);
        Map<String, Long> after = Map.of("same", 1L, "changed", 5L, "added", 4L);
        assertThat(MapDiff.changed(before, after, Long::equals)).containsExactly("added", "changed", "removed");
    }

    @Test
    void nothingChangedIsEmpty() {
        assertThat(MapDiff.changed(Map.of("a", 1L), Map.of("a", 1L), Long::equals)).isEmpty();
        assertThat(MapDiff.changed(Map.<String, Long>of(), Map.of(), Long::equals)).isEmpty();
    }
}
