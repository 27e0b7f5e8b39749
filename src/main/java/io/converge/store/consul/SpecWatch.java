package io.converge.store.consul;

import io.converge.kernel.DesiredState;
import io.converge.kernel.KeySink;
import io.converge.kernel.RawDocument;
import io.converge.kernel.ResourceKey;
import io.converge.kernel.Trigger;
import io.converge.model.Kind;
import io.vertx.ext.consul.BlockingQueryOptions;
import io.vertx.ext.consul.KeyValue;
import io.vertx.ext.consul.KeyValueList;
import io.vertx.mutiny.ext.consul.ConsulClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The spec watches: one blocking query per kind prefix (not one per key), a warm cache of every spec document,
 * and a {@link Trigger#DESIRED} enqueue for each key whose ModifyIndex changed or that disappeared.
 */
public final class SpecWatch implements DesiredState, AutoCloseable {
    private final ConsulClient consul;
    private final KvPaths paths;
    private final KeySink sink;
    private final Duration wait;
    private final Map<Kind, Map<String, RawDocument>> cache = new EnumMap<>(Kind.class);
    private final List<BlockingWatch<List<KeyValue>>> watches = new ArrayList<>();

    public SpecWatch(ConsulClient consul, KvPaths paths, KeySink sink, Duration wait) {
        this.consul = consul;
        this.paths = paths;
        this.sink = sink;
        this.wait = wait;
    }

    /** Starts watching the given kinds. */
    public synchronized void start(Set<Kind> kinds) {
        for (Kind kind : kinds) {
            String prefix = paths.specs(kind);
            BlockingWatch<List<KeyValue>> w = new BlockingWatch<>("specs/" + kind.plural(),
                    (index, timeout) -> list(prefix, index, timeout), kvs -> update(kind, kvs), wait);
            watches.add(w);
            w.start();
        }
    }

    private BlockingWatch.Answer<List<KeyValue>> list(String prefix, long index, Duration timeout) {
        BlockingQueryOptions options = new BlockingQueryOptions().setIndex(index).setWait(timeout.toSeconds() + "s");
        try {
            KeyValueList result = consul.getValuesWithOptions(prefix, options).await()
                    .atMost(timeout.plus(timeout.dividedBy(16)).plusSeconds(15));
            List<KeyValue> list = result.getList() == null ? List.of() : result.getList();
            return new BlockingWatch.Answer<>(list, result.getIndex());
        } catch (RuntimeException e) {
            throw new ConsulFailure("watch", prefix, e);
        }
    }

    private void update(Kind kind, List<KeyValue> kvs) {
        String prefix = paths.specs(kind);
        Map<String, RawDocument> next = new HashMap<>();
        for (KeyValue kv : kvs) {
            String name = KvPaths.nameIn(prefix, kv.getKey());
            if (name != null) {
                byte[] value = kv.getValue() == null ? new byte[0] : kv.getValue().getBytes(StandardCharsets.UTF_8);
                next.put(name, new RawDocument(kv.getKey(), value, kv.getModifyIndex()));
            }
        }
        Set<String> changed = new HashSet<>();
        synchronized (this) {
            Map<String, RawDocument> previous = cache.getOrDefault(kind, Map.of());
            for (var e : next.entrySet()) {
                RawDocument old = previous.get(e.getKey());
                if (old == null || old.modifyIndex() != e.getValue().modifyIndex()) {
                    changed.add(e.getKey());
                }
            }
            for (String name : previous.keySet()) {
                if (!next.containsKey(name)) {
                    changed.add(name);
                }
            }
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
    public synchronized boolean healthy() {
        return watches.stream().allMatch(BlockingWatch::healthy);
    }

    @Override
    public synchronized void close() {
        watches.forEach(BlockingWatch::close);
    }
}
