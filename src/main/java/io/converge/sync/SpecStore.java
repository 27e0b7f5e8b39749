package io.converge.sync;

import java.util.List;

/** The port through which sync reads and writes spec documents (Consul KV: {@code sync.consul}). */
public interface SpecStore {

    /** Every stored spec document of every kind, with the ModifyIndex read. */
    List<StoredSpec> specs();

    /**
     * Carries out the actions that write in one transaction, each with check-and-set on its {@code index}: all of
     * them or none.
     *
     * @return empty when the transaction was committed; else the operations that failed, by their position in
     *         {@code writes} (the transaction was rolled back: nothing of it was written)
     * @throws RuntimeException when the transaction could not be carried out or its outcome is unknown (the agent
     *                          did not answer)
     */
    List<Rejection> commit(List<SyncAction> writes);

    /**
     * An operation that failed in a rolled-back transaction.
     *
     * @param index    its position in the transaction
     * @param conflict whether check-and-set failed (the key changed since it was read)
     * @param what     the store's words
     */
    record Rejection(int index, boolean conflict, String what) {
    }
}
