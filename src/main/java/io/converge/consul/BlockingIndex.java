package io.converge.consul;

/**
 * The index rules of Consul blocking queries: an index that goes backwards (a server restored from a snapshot,
 * a new leader) resets to 0, and an index below 1 is treated as 1 so that the next query blocks.
 */
public final class BlockingIndex {
    private long index;

    public long current() {
        return index;
    }

    /** Records the index of a response; returns true when it moved (the data may have changed). */
    public boolean advance(long next) {
        if (next < index) {
            index = 0;
            return true;
        }
        long normalized = Math.max(next, 1);
        boolean moved = normalized != index;
        index = normalized;
        return moved;
    }

    public void reset() {
        index = 0;
    }
}
