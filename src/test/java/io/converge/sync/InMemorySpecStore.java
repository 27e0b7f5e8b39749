package io.converge.sync;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A fake {@link SpecStore} with Consul's transaction semantics: every operation checked against the ModifyIndex,
 * every failed one named, nothing applied unless all pass. Records each transaction's size; can fail a commit as a
 * whole.
 */
final class InMemorySpecStore implements SpecStore {
    record Value(byte[] bytes, long index) {
    }

    final Map<String, Value> kv = new HashMap<>();
    final List<Integer> transactions = new ArrayList<>();
    /** The number of the commit (1-based) that fails as a whole (agent gone); 0 for none. */
    int failCommit;
    private long index = 100;

    /** A write by someone else (bumps the index). */
    void put(String key, String value) {
        kv.put(key, new Value(value.getBytes(java.nio.charset.StandardCharsets.UTF_8), ++index));
    }

    @Override
    public List<StoredSpec> specs() {
        List<StoredSpec> out = new ArrayList<>();
        kv.forEach((k, v) -> out.add(StoredSpec.of("service/" + k.substring(k.lastIndexOf('/') + 1), k, v.index(),
                v.bytes())));
        return out;
    }

    @Override
    public List<Rejection> commit(List<SyncAction> writes) {
        transactions.add(writes.size());
        if (transactions.size() == failCommit) {
            throw new IllegalStateException("txn /v1/txn: connection refused");
        }
        List<Rejection> rejections = new ArrayList<>();
        for (int i = 0; i < writes.size(); i++) {
            SyncAction a = writes.get(i);
            Value current = kv.get(a.key());
            boolean stale = a.index() == 0 ? current != null
                    : current != null && current.index() != a.index() || current == null && a.verb() != SyncAction.Verb.PRUNED;
            if (stale) {
                rejections.add(new Rejection(i, true, "failed to set key \"" + a.key() + "\", index is stale"));
            }
        }
        if (!rejections.isEmpty()) {
            return rejections;
        }
        long txnIndex = ++index;
        for (SyncAction a : writes) {
            if (a.verb() == SyncAction.Verb.PRUNED) {
                kv.remove(a.key());
            } else {
                kv.put(a.key(), new Value(a.value(), txnIndex));
            }
        }
        return List.of();
    }
}
