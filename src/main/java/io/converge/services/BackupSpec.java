package io.converge.services;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.converge.model.Durations;
import java.time.Duration;
import java.util.List;

/**
 * A Service's {@code spec.backup} (SPEC §6.1, docs/backup.md), with defaults applied. Built from a document that
 * passed its schema and {@code BackupRules}: the schedule parses, the paths are volume sources, the service is a
 * singleton.
 *
 * @param paths the volume sources to archive, as written in {@code spec.volumes} (absolute, or relative to the
 *              node's data root)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record BackupSpec(List<String> paths, String schedule, String target, int keep, boolean restoreOnMove,
                         Hook pre, Hook post) {
    public static final int DEFAULT_KEEP = 7;

    public BackupSpec {
        paths = paths == null ? List.of() : List.copyOf(paths);
        keep = keep <= 0 ? DEFAULT_KEEP : keep;
    }

    /** A command run inside the container, with a timeout (default 5 minutes). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Hook(List<String> command, String timeout) {
        public Hook {
            command = command == null ? List.of() : List.copyOf(command);
            timeout = timeout == null ? "5m" : timeout;
        }

        public Duration timeoutDuration() {
            return Durations.parse(timeout);
        }
    }
}
