package io.converge.cli;

import io.converge.consul.KvClient;
import io.converge.model.Kind;
import io.converge.store.consul.KvPaths;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The resources of one kind as Consul blocking queries on its spec and status prefixes report them: one daemon
 * thread per prefix, each waiting for a change after the index it last saw, and {@link #next()} returning the
 * resources whenever either prefix moved. A failed query ends the watch ({@link #next()} throws its failure).
 */
final class KindWatch {
    private final Kv kv;
    private final KvPaths paths;
    private final Kind kind;
    private final Duration wait;
    private final String[] prefixes;
    private final long[] index = new long[2];
    @SuppressWarnings("unchecked")
    private final List<KvClient.Entry>[] entries = new List[2];
    private long version;
    private long seen;
    private RuntimeException failure;
    private boolean started;

    KindWatch(Kv kv, KvPaths paths, Kind kind, Duration wait) {
        this.kv = kv;
        this.paths = paths;
        this.kind = kind;
        this.wait = wait;
        this.prefixes = new String[] {paths.specs(kind), paths.statuses(kind)};
    }

    /** The resources now (answered at once: index 0 does not block). */
    Map<String, ResourceView> current() {
        for (int i = 0; i < 2; i++) {
            KvClient.Listing l = kv.listBlocking(prefixes[i], 0, wait);
            entries[i] = l.entries();
            index[i] = l.index();
        }
        return views();
    }

    /** Blocks until the spec or status prefix changes, then returns the resources. */
    synchronized Map<String, ResourceView> next() throws InterruptedException {
        if (!started) {
            started = true;
            for (int i = 0; i < 2; i++) {
                int which = i;
                Thread t = new Thread(() -> follow(which), "watch " + prefixes[i]);
                t.setDaemon(true);
                t.start();
            }
        }
        while (version == seen && failure == null) {
            wait();
        }
        if (failure != null) {
            throw failure;
        }
        seen = version;
        return views();
    }

    private void follow(int which) {
        long at;
        synchronized (this) {
            at = index[which];
        }
        try {
            while (true) {
                KvClient.Listing l = kv.listBlocking(prefixes[which], at, wait);
                synchronized (this) {
                    if (l.index() != at) {
                        entries[which] = l.entries();
                        version++;
                        notifyAll();
                    }
                }
                at = l.index() < at ? 0 : l.index();   // Consul's index went backwards (a restored snapshot)
            }
        } catch (RuntimeException e) {
            synchronized (this) {
                failure = e;
                notifyAll();
            }
        }
    }

    private Map<String, ResourceView> views() {
        return ResourceView.of(paths, kind, entries[0], entries[1]);
    }
}
