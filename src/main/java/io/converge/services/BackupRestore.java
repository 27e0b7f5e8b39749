package io.converge.services;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The port through which a node that takes a Service over restores its newest backup before the instance starts
 * ({@code backup.restoreOnMove}, SPEC §6.1). Called at most once per takeover, after the lock is acquired and
 * before the container is created; a failure is reported and the instance starts with the data the node has.
 */
public interface BackupRestore {

    /** What a restore did, as shown in status and logs. */
    record Outcome(boolean restored, String message) {
    }

    /** Restores the newest backup of {@code backup.paths} from {@code backup.target}; never throws. */
    Outcome restoreNewest(String service, JsonNode backup);

    /**
     * Backups are not taken yet (they arrive with their own issue): there is nothing to restore, and the status
     * says so instead of pretending.
     */
    BackupRestore NONE = (service, backup) -> new Outcome(false,
            "no backup to restore: converge does not take backups yet; starting with the data on this node");
}
