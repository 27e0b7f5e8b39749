package io.converge.dnat.nft;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The process ids of converge's most recent {@code nft} runs, so that {@code nft monitor}'s generations made by
 * them are not taken for someone else's change. Bounded (a pid seen long ago may belong to another process now).
 * Thread-safe.
 */
final class OwnRuns {
    private static final int KEEP = 32;
    private final Deque<Long> pids = new ArrayDeque<>();

    synchronized void add(long pid) {
        pids.remove(pid);
        pids.addLast(pid);
        while (pids.size() > KEEP) {
            pids.removeFirst();
        }
    }

    synchronized boolean contains(long pid) {
        return pids.contains(pid);
    }
}
