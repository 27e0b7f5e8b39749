package io.converge.store.consul;

import io.converge.consul.BlockingWatch;
import io.converge.consul.KvClient;
import io.converge.kernel.DesiredState;
import io.converge.kernel.EventSource;
import io.converge.kernel.KeySink;
import io.converge.kernel.MapDiff;
import io.converge.kernel.RawDocument;
import io.converge.kernel.ResourceKey;
import io.converge.kernel.Trigger;
import io.converge.model.Kind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The spec watches: one blocking query per kind prefix (not one per key), a warm cache of every spec document,
 * and a {@link Trigger#DESIRED} enqueue for each key whose ModifyIndex changed or that disappeared.
 */
public final class SpecWatch implements DesiredState, EventSource {
    private final KvClient kv;
    private final KvPaths paths;
    private volatile KeySink sink;
    private final Duration wait;
    private final Set<Kind> kinds = EnumSet.noneOf(Kind.class);
    private final Map<Kind, Map<String, RawDocument>> cache = new EnumMap<>(Kind.class);
    private final List<BlockingWatch<List<KvClient.Entry>>> watches = new ArrayList<>();
    private boolean closed;

    public SpecWatch(KvClient kv, KvPaths paths, KeySink sink, Duration wait) {
        this.kv = kv;
        this.paths = paths;
        this.sink = sink;
        this.wait = wait;
    }

    /** Where changed keys go (set before {@link #start}, when the sink needs this watch itself). */
    public void sendTo(KeySink sink) {
        this.sink = sink;
    }

    /** Adds a kind to watch (one blocking query each); before {@link #start}. */
    public synchronized void watch(Kind kind) {
        kinds.add(kind);
    }

    @Override
    public String name() {
        return "specs";
    }

    /** Starts watching; nothing once closed (a shutdown during start-up). */
    @Override
    public synchronized void start() {
        if (closed) {
            return;
        }
        for (Kind kind : kinds) {
            String prefix = paths.specs(kind);
            BlockingWatch<List<KvClient.Entry>> w = new BlockingWatch<>("specs/" + kind.plural(),
                    (index, timeout) -> list(prefix, index, timeout), kvs -> update(kind, kvs), wait);
            watches.add(w);
            w.start();
        }
    }

    private BlockingWatch.Answer<List<KvClient.Entry>> list(String prefix, long index, Duration timeout) {
        KvClient.Listing listing = kv.listBlocking(prefix, index, timeout);
        return new BlockingWatch.Answer<>(listing.entries(), listing.index());
    }

    private void update(Kind kind, List<KvClient.Entry> kvs) {
        String prefix = paths.specs(kind);
        Map<String, RawDocument> next = new HashMap<>();
        for (KvClient.Entry e : kvs) {
            String name = KvPaths.nameIn(prefix, e.key());
            if (name != null) {
                next.put(name, new RawDocument(e.key(), e.bytes(), e.modifyIndex()));
            }
        }
        Set<String> changed;
        synchronized (this) {
            changed = MapDiff.changed(cache.getOrDefault(kind, Map.of()), next,
                    (a, b) -> a.modifyIndex() == b.modifyIndex());
            cache.put(kind, next);
        }
        changed.forEach(name -> sink.enqueue(new ResourceKey(kind, name), Trigger.DESIRED));
    }

    @Override
    public synchronized Optional<RawDocument> get(Kind kind, String name) {
        return Optional.ofNullable(cache.getOrDefault(kind, Map.of()).get(name));
    }

    @Override
    public synchronized Set<String> names(Kind kind) {
        return Set.copyOf(cache.getOrDefault(kind, Map.of()).keySet());
    }

    @Override
    public synchronized boolean synced() {
        return !watches.isEmpty() && cache.size() == watches.size();
    }

    /** True while every watch's last query succeeded. */
    @Override
    public synchronized boolean healthy() {
        return watches.stream().allMatch(BlockingWatch::healthy);
    }

    @Override
    public synchronized void close() {
        closed = true;
        watches.forEach(BlockingWatch::close);
    }
}
