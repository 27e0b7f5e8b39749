package io.converge.services;

import io.converge.model.BackupStatus;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * The port to where backups are kept ({@code backup.target}, docs/backup.md): takes an archive of a service's
 * volume sources, and restores the newest one that verifies when the service moves to this node. The archive
 * format and the file system live in the adapter ({@code services.archive}).
 */
public interface BackupRestore {

    /**
     * One path of a backup.
     *
     * @param name as written in the spec (the archive names it so, so that another node finds it under its own
     *             data root)
     * @param path where it is on this node
     */
    record Source(String name, Path path) {
    }

    /** A backup written: its file name in the target directory, size, SHA-256, and what rotation deleted. */
    record Taken(String file, long sizeBytes, String sha256, List<String> deleted) {
    }

    /**
     * What a restore did.
     *
     * @param restored the archive restored into the sources, or {@code null}
     * @param skipped  newer archives passed over (they did not verify), newest first
     * @param message  a sentence for status and the log
     */
    record Outcome(String restored, List<BackupStatus.Skipped> skipped, String message) {
        public Outcome {
            skipped = List.copyOf(skipped);
        }
    }

    /**
     * Archives {@code sources} into {@code target/<service>/}: written under a temporary name, synced, checksummed
     * and renamed, so that a reader never sees half an archive; then deletes the oldest beyond {@code keep}.
     *
     * @throws IOException naming the file that failed; no partial archive is left under the final name
     */
    Taken take(String service, String node, List<Source> sources, Path target, int keep, Instant now)
            throws IOException;

    /**
     * Restores the newest archive of {@code service} whose checksum verifies into {@code sources} (each replaced
     * whole; a source absent from the archive is left as it is). Never throws: a failure is in the outcome, and the
     * instance then starts with the data the node has.
     */
    Outcome restoreNewest(String service, List<Source> sources, Path target);
}
