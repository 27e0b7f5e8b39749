package io.converge.sync;

/**
 * What sync does to one document.
 *
 * @param ref   {@code service/hello}
 * @param key   its spec key
 * @param verb  what is done
 * @param value the document to write ({@code null} for {@link Verb#PRUNED} and {@link Verb#UNCHANGED})
 * @param index the check-and-set index: the ModifyIndex read at planning time, 0 for a key that did not exist
 */
public record SyncAction(String ref, String key, Verb verb, byte[] value, long index) {

    /** The outcome words, as printed. */
    public enum Verb {
        /** The key did not exist: written with check-and-set index 0 (only if it still does not exist). */
        CREATED,
        /** The stored document differs: replaced if its ModifyIndex is still the one read. */
        CONFIGURED,
        /** Equal as JSON: nothing written, the generation (ModifyIndex) does not move. */
        UNCHANGED,
        /** Stored, marked as sync's own, no longer in the directory: deleted if its ModifyIndex is unchanged. */
        PRUNED;

        /** {@code created}, {@code configured}, ... */
        public String word() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** Whether carrying it out writes to Consul. */
    public boolean writes() {
        return verb != Verb.UNCHANGED;
    }

    /** {@code service/hello created}; with {@code dryRun}, a change ends in {@code (dry run)}. */
    public String line(boolean dryRun) {
        return ref + " " + verb.word() + (dryRun && writes() ? " (dry run)" : "");
    }
}
