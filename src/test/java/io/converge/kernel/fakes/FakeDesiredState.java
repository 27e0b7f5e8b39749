package io.converge.kernel.fakes;

import io.converge.kernel.DesiredState;
import io.converge.kernel.RawDocument;
import io.converge.model.Kind;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Spec keys in memory, as the spec watch would have cached them. */
public final class FakeDesiredState implements DesiredState {
    private final Map<String, RawDocument> docs = new ConcurrentHashMap<>();

    private static String key(Kind kind, String name) {
        return "converge/specs/" + kind.plural() + "/" + name;
    }

    /** Writes a spec key; {@code modifyIndex} is its generation. */
    public void put(Kind kind, String name, byte[] value, long modifyIndex) {
        docs.put(key(kind, name), new RawDocument(key(kind, name), value, modifyIndex));
    }

    public void delete(Kind kind, String name) {
        docs.remove(key(kind, name));
    }

    @Override
    public Optional<RawDocument> get(Kind kind, String name) {
        return Optional.ofNullable(docs.get(key(kind, name)));
    }

    @Override
    public Set<String> names(Kind kind) {
        String prefix = "converge/specs/" + kind.plural() + "/";
        return docs.keySet().stream().filter(k -> k.startsWith(prefix)).map(k -> k.substring(prefix.length()))
                .collect(java.util.stream.Collectors.toSet());
    }

    @Override
    public boolean synced() {
        return true;
    }
}
