package io.converge.sync;

/**
 * A spec document as stored.
 *
 * @param ref         {@code service/hello}
 * @param key         its key
 * @param modifyIndex the ModifyIndex read (the check-and-set index of any write or delete)
 * @param canonical   its content in canonical form, or {@code null} when it is not a JSON document
 * @param managed     whether sync wrote it (it carries the managed-by annotation)
 */
public record StoredSpec(String ref, String key, long modifyIndex, String canonical, boolean managed) {

    /** A stored value as read, parsed once. */
    public static StoredSpec of(String ref, String key, long modifyIndex, byte[] value) {
        return new StoredSpec(ref, key, modifyIndex, ManagedDocuments.canonical(value),
                ManagedDocuments.isManaged(value));
    }
}
