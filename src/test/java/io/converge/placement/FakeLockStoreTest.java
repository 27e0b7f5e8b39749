package io.converge.placement;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** The fake the placement tests use keeps the contract Consul keeps ({@code ConsulLockStoreIT}). */
class FakeLockStoreTest extends LockStoreContract {
    private final AtomicLong nanos = new AtomicLong(5_000_000_000L);
    private final AtomicInteger sessions = new AtomicInteger();
    private final FakeLockStore store = new FakeLockStore(nanos::get);

    @Override
    protected LockStore store() {
        return store;
    }

    @Override
    protected String newSession() {
        String id = "s" + sessions.incrementAndGet();
        store.session(id, LOCK_DELAY);
        return id;
    }

    @Override
    protected void invalidate(String session) {
        store.invalidate(session);
    }

    @Override
    protected void pass(Duration d) {
        nanos.addAndGet(d.toNanos());
    }

    @Override
    protected String prefix() {
        return "converge/locks/";
    }
}
