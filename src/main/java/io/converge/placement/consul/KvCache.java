package io.converge.placement.consul;

import io.converge.consul.BlockingWatch;
import io.converge.consul.KvClient;
import io.converge.kernel.EventSource;
import io.converge.kernel.MapDiff;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A live copy of every key under one prefix, kept by one blocking query (no polling), telling a listener which
 * keys changed (written, acquired, released or deleted). Used for {@code <prefix>/locks/}: standbys wait on locks
 * through it.
 */
public final class KvCache implements EventSource {
    private final String prefix;
    private final Consumer<Set<String>> onChanged;
    private final BlockingWatch<List<KvClient.Entry>> watch;
    private volatile Map<String, KvClient.Entry> entries = Map.of();
    private volatile boolean synced;

    /** @param onChanged called on the watch thread with the keys that differ from the previous answer */
    public KvCache(KvClient kv, String prefix, Duration wait, Consumer<Set<String>> onChanged) {
        this.prefix = prefix;
        this.onChanged = onChanged;
        this.watch = new BlockingWatch<>("kv " + prefix,
                (index, w) -> {
                    KvClient.Listing l = kv.listBlocking(prefix, index, w);
                    return new BlockingWatch.Answer<>(l.entries(), l.index());
                }, this::replace, wait);
    }

    @Override
    public String name() {
        return "kv " + prefix;
    }

    @Override
    public void start() {
        watch.start();
    }

    /** The key as last seen. */
    public Optional<KvClient.Entry> get(String key) {
        return Optional.ofNullable(entries.get(key));
    }

    /** The keys under a sub-prefix, as last seen. */
    public List<KvClient.Entry> under(String subPrefix) {
        return entries.values().stream().filter(e -> e.key().startsWith(subPrefix)).toList();
    }

    /** True once the first answer arrived. */
    @Override
    public boolean synced() {
        return synced;
    }

    @Override
    public boolean healthy() {
        return watch.healthy();
    }

    private void replace(List<KvClient.Entry> latest) {
        Map<String, KvClient.Entry> next = new HashMap<>();
        latest.forEach(e -> next.put(e.key(), e));
        Set<String> changed = MapDiff.changed(entries, next, (a, b) -> a.modifyIndex() == b.modifyIndex()
                && java.util.Objects.equals(a.session(), b.session()));
        entries = Map.copyOf(next);
        synced = true;
        if (!changed.isEmpty()) {
            onChanged.accept(changed);
        }
    }

    @Override
    public void close() {
        watch.close();
    }

    @Override
    public String toString() {
        return "KvCache[" + prefix + "]";
    }
}
