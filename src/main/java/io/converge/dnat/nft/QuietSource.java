package io.converge.dnat.nft;

import io.converge.kernel.EventSource;

/**
 * The drift source when {@code converge.dnat.monitor} is off: always healthy, never calls back;
 * {@link NftFirewall#apply} then reads the tables back whenever it would skip a load.
 */
final class QuietSource implements EventSource {
    @Override
    public String name() {
        return "nft-monitor";
    }

    @Override
    public void start() {
    }

    @Override
    public boolean synced() {
        return true;
    }

    @Override
    public boolean healthy() {
        return true;
    }

    @Override
    public void close() {
    }
}
