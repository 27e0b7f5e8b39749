package io.converge.kernel;

import io.converge.model.Kind;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

/** The running controllers, one per kind; the {@link KeySink} every event source writes to. */
public final class Controllers implements KeySink {
    private final Map<Kind, KindController> byKind = new EnumMap<>(Kind.class);

    public synchronized void add(KindController controller) {
        byKind.put(controller.kind(), controller);
    }

    @Override
    public void enqueue(ResourceKey key, Trigger trigger) {
        KindController c;
        synchronized (this) {
            c = byKind.get(key.kind());
        }
        if (c != null) {
            c.enqueue(key.name(), trigger);
        }
    }

    @Override
    public void resync(Kind kind) {
        KindController c;
        synchronized (this) {
            c = byKind.get(kind);
        }
        if (c != null) {
            c.resync();
        }
    }

    @Override
    public void retryNow(Kind kind) {
        KindController c;
        synchronized (this) {
            c = byKind.get(kind);
        }
        if (c != null) {
            c.retryNow();
        }
    }

    /** The controller of a kind, if one was added. */
    public synchronized java.util.Optional<KindController> of(Kind kind) {
        return java.util.Optional.ofNullable(byKind.get(kind));
    }

    public synchronized void startAll() {
        byKind.values().forEach(KindController::start);
    }

    public synchronized void resyncAll() {
        byKind.values().forEach(KindController::resync);
    }

    public synchronized void stopAll(Duration grace) {
        byKind.values().forEach(c -> c.stop(grace));
    }
}
