package io.converge.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * What status says about a Service's backups ({@code spec.backup}, SPEC §6.1): where it ran last, the last
 * backup taken and the last restore. Written by the node that runs the service.
 *
 * @param ranOn       the node that last reported the service running: a node taking it over that is not this one
 *                    restores ({@code restoreOnMove})
 * @param last        the last backup attempted, with its error if it failed
 * @param lastSuccess the last backup that was written (the same as {@code last} unless that one failed)
 * @param restore     the last restore on a move
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record BackupStatus(String ranOn, Run last, Run lastSuccess, Restore restore) {

    public static BackupStatus empty() {
        return new BackupStatus(null, null, null, null);
    }

    public BackupStatus withRanOn(String node) {
        return new BackupStatus(node, last, lastSuccess, restore);
    }

    /** Records an attempt; a successful one is also the last success. */
    public BackupStatus withRun(Run run) {
        return new BackupStatus(ranOn, run, run.error() == null ? run : lastSuccess, restore);
    }

    public BackupStatus withRestore(Restore r) {
        return new BackupStatus(ranOn, last, lastSuccess, r);
    }

    /**
     * One backup.
     *
     * @param time       when it started (ISO-8601)
     * @param file       the archive's file name in the target directory ({@code null} when none was written)
     * @param sizeBytes  the archive's size
     * @param sha256     the archive's SHA-256, as in its {@code .sha256} file
     * @param durationMs from the pre hook to the rotation
     * @param error      what failed (hook, archive, rotation), or {@code null}
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Run(String time, String node, String file, Long sizeBytes, String sha256, Long durationMs,
                      String error) {
    }

    /**
     * One restore on a move.
     *
     * @param restored the archive restored, or {@code null} when none was
     * @param skipped  newer archives passed over, each with why (checksum mismatch, no checksum file, unreadable)
     * @param message  what happened, in a sentence
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Restore(String time, String node, String from, String restored, List<Skipped> skipped,
                          String message) {
        public Restore {
            skipped = skipped == null ? List.of() : List.copyOf(skipped);
        }
    }

    /** An archive a restore passed over, and why. */
    public record Skipped(String file, String reason) {
    }
}
