package io.converge.kernel;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiPredicate;

/** The keys in which two snapshots of a watched map differ: added, removed, or changed by {@code same}. Pure. */
public final class MapDiff {

    private MapDiff() {
    }

    /**
     * @param same whether an entry present in both snapshots is unchanged (e.g. the same ModifyIndex)
     * @return the changed keys, sorted
     */
    public static <K extends Comparable<K>, V> Set<K> changed(Map<K, V> before, Map<K, V> after,
                                                             BiPredicate<V, V> same) {
        Set<K> changed = new TreeSet<>();
        after.forEach((key, now) -> {
            V then = before.get(key);
            if (then == null || !same.test(then, now)) {
                changed.add(key);
            }
        });
        before.keySet().stream().filter(key -> !after.containsKey(key)).forEach(changed::add);
        return changed;
    }
}
