package io.converge.app;

import io.converge.kernel.DesiredState;
import io.converge.kernel.KeySink;
import io.converge.kernel.ReferenceIndex;
import io.converge.kernel.ResourceKey;
import io.converge.kernel.Room;
import io.converge.kernel.ServiceCatalog;
import io.converge.kernel.Trigger;
import io.converge.model.Kind;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The reference index kept in step with the desired state, and catalog changes turned into keys: a change of a
 * service enqueues exactly the resources whose spec names it, plus the implicit resources its tags make. Sits
 * between the spec watch and the work queues: every enqueue of a changed spec first re-reads what it references.
 */
final class References implements KeySink {
    private final KeySink queues;
    private final DesiredState specs;
    private volatile List<Room> rooms = List.of();
    private volatile ReferenceIndex index = new ReferenceIndex(List.of());
    private volatile ServiceCatalog catalog;

    References(KeySink queues, DesiredState specs) {
        this.queues = queues;
        this.specs = specs;
    }

    /** Binds the rooms (their references and implicit tags) and the catalog; before any source starts. */
    void bind(List<Room> rooms, ServiceCatalog catalog) {
        this.rooms = List.copyOf(rooms);
        this.catalog = catalog;
        this.index = new ReferenceIndex(rooms.stream().flatMap(r -> r.implicitTags().stream()
                .map(tag -> new ReferenceIndex.TagRule(tag, r.kind()))).toList());
    }

    @Override
    public void enqueue(ResourceKey key, Trigger trigger) {
        if (trigger == Trigger.DESIRED && !ReferenceIndex.isImplicit(key)) {
            rooms.stream().filter(r -> r.kind() == key.kind()).findFirst().ifPresent(room ->
                    specs.get(key.kind(), key.name()).ifPresentOrElse(
                            doc -> index.put(key, room.references(doc)), () -> index.remove(key)));
        }
        queues.enqueue(key, trigger);
    }

    @Override
    public void resync(Kind kind) {
        queues.resync(kind);
    }

    @Override
    public void retryNow(Kind kind) {
        queues.retryNow(kind);
    }

    /** The catalog view saw these services change. */
    void catalogChanged(Set<String> services) {
        index.keysFor(services, catalog).forEach(k -> queues.enqueue(k, Trigger.OBSERVED));
    }

    /** The implicit resources of a kind the catalog stands for now (for start-up and resync). */
    Set<String> implicitNames(Kind kind) {
        return index.implicitKeys(catalog).stream().filter(k -> k.kind() == kind).map(ResourceKey::name)
                .collect(Collectors.toSet());
    }
}
