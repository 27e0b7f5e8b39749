package io.converge.sync;

import java.io.IOException;

/**
 * A valid document from the directory, as sync will store it: with the managed-by annotation added.
 *
 * @param ref       {@code service/hello}, as printed
 * @param key       the spec key it belongs under
 * @param source    where it came from (a file), for messages
 * @param value     the document to store (the file's document plus the annotation)
 * @param canonical its content in canonical form (see {@link ManagedDocuments#canonical})
 */
public record SyncDocument(String ref, String key, String source, byte[] value, String canonical) {

    /** The document of a file that passed validation, annotated as sync's own. */
    public static SyncDocument of(String ref, String key, String source, byte[] file) throws IOException {
        byte[] value = ManagedDocuments.annotate(file);
        return new SyncDocument(ref, key, source, value, ManagedDocuments.canonical(value));
    }
}
