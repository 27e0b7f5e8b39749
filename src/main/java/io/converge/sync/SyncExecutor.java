package io.converge.sync;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Carries out a plan through a {@link SpecStore}: the actions that write, in plan order, in transactions of at most
 * {@link #MAX_OPS} operations (Consul 1.8's limit) and about {@link #MAX_BYTES} of request.
 *
 * <p>Between batches: each batch is atomic, batches are not. A batch whose operations fail check-and-set (or are
 * refused one by one) is rolled back by the store and tried again without them, until the rest commits; the
 * refused documents are reported ({@code conflict}: the concurrent write wins, nothing of it is overwritten). A
 * batch that fails as a whole (the agent does not answer) stops the sync: earlier batches stay applied, later ones
 * are not tried. Running sync again re-reads everything and converges.
 */
public final class SyncExecutor {
    /** Consul 1.8's limit of operations per transaction. */
    public static final int MAX_OPS = 64;
    /** The request size a batch stays under (Consul's {@code txn_max_req_len} is 512 KiB by default). */
    public static final int MAX_BYTES = 384 * 1024;

    private final SpecStore store;
    private final int maxOps;
    private final int maxBytes;

    public SyncExecutor(SpecStore store) {
        this(store, MAX_OPS, MAX_BYTES);
    }

    public SyncExecutor(SpecStore store, int maxOps, int maxBytes) {
        this.store = store;
        this.maxOps = maxOps;
        this.maxBytes = maxBytes;
    }

    /** Carries out the plan; one outcome per action, in plan order ({@code unchanged} ones are done already). */
    public List<SyncOutcome> execute(SyncPlan plan) {
        Map<SyncAction, SyncOutcome> outcomes = new HashMap<>();
        String stopped = null;
        for (List<SyncAction> batch : batches(plan.writes(), maxOps, maxBytes)) {
            if (stopped != null) {
                for (SyncAction a : batch) {
                    outcomes.put(a, new SyncOutcome(a, SyncOutcome.Result.NOT_ATTEMPTED, stopped));
                }
                continue;
            }
            try {
                commit(batch, outcomes);
            } catch (RuntimeException e) {
                for (SyncAction a : batch) {
                    outcomes.putIfAbsent(a, new SyncOutcome(a, SyncOutcome.Result.FAILED, String.valueOf(e.getMessage())));
                }
                stopped = "an earlier batch failed; earlier batches stay applied, run sync again";
            }
        }
        List<SyncOutcome> ordered = new ArrayList<>();
        for (SyncAction a : plan.actions()) {
            ordered.add(a.writes() ? outcomes.get(a) : SyncOutcome.done(a));
        }
        return ordered;
    }

    /** One batch: committed as a whole, again and again without the operations the store refused. */
    private void commit(List<SyncAction> batch, Map<SyncAction, SyncOutcome> outcomes) {
        List<SyncAction> pending = new ArrayList<>(batch);
        while (!pending.isEmpty()) {
            List<SpecStore.Rejection> rejections = store.commit(pending);
            if (rejections.isEmpty()) {
                pending.forEach(a -> outcomes.put(a, SyncOutcome.done(a)));
                return;
            }
            List<SyncAction> refused = new ArrayList<>();
            for (SpecStore.Rejection r : rejections) {
                if (r.index() >= 0 && r.index() < pending.size()) {
                    SyncAction a = pending.get(r.index());
                    refused.add(a);
                    outcomes.put(a, new SyncOutcome(a, r.conflict() ? SyncOutcome.Result.CONFLICT
                            : SyncOutcome.Result.FAILED, r.what()));
                }
            }
            if (refused.isEmpty()) {
                throw new IllegalStateException("transaction refused without naming an operation: " + rejections);
            }
            pending.removeAll(refused);
        }
    }

    /**
     * The writes cut into consecutive batches of at most {@code maxOps} operations and, where possible,
     * {@code maxBytes} of estimated request (a single larger document is a batch of its own).
     */
    public static List<List<SyncAction>> batches(List<SyncAction> writes, int maxOps, int maxBytes) {
        List<List<SyncAction>> batches = new ArrayList<>();
        List<SyncAction> current = new ArrayList<>();
        long bytes = 0;
        for (SyncAction a : writes) {
            long size = requestBytes(a);
            if (!current.isEmpty() && (current.size() == maxOps || bytes + size > maxBytes)) {
                batches.add(current);
                current = new ArrayList<>();
                bytes = 0;
            }
            current.add(a);
            bytes += size;
        }
        if (!current.isEmpty()) {
            batches.add(current);
        }
        return batches;
    }

    /** The operation's share of a transaction request: the key, the value in base64, and the JSON around them. */
    public static long requestBytes(SyncAction a) {
        long value = a.value() == null ? 0 : (a.value().length + 2L) / 3 * 4;
        return a.key().length() + value + 100;
    }
}
