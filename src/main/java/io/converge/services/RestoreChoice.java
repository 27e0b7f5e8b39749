package io.converge.services;

import io.converge.model.BackupStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Which backup a move restores: the newest whose checksum verifies. Newer ones that do not verify are passed
 * over, each with its reason, and reported. Pure: the verification is given.
 *
 * @param chosen  the archive to restore, if any verifies
 * @param skipped the newer archives passed over, newest first
 */
public record RestoreChoice(Optional<String> chosen, List<BackupStatus.Skipped> skipped) {

    public RestoreChoice {
        skipped = List.copyOf(skipped);
    }

    /**
     * @param newestFirst the archives, newest first ({@link BackupFiles#newestFirst})
     * @param problemOf   what is wrong with an archive (checksum mismatch, no checksum file, unreadable), or empty
     *                    when it verifies; asked newest first, and not beyond the first that verifies
     */
    public static RestoreChoice choose(List<String> newestFirst, Function<String, Optional<String>> problemOf) {
        List<BackupStatus.Skipped> skipped = new ArrayList<>();
        for (String archive : newestFirst) {
            Optional<String> problem = problemOf.apply(archive);
            if (problem.isEmpty()) {
                return new RestoreChoice(Optional.of(archive), skipped);
            }
            skipped.add(new BackupStatus.Skipped(archive, problem.get()));
        }
        return new RestoreChoice(Optional.empty(), skipped);
    }
}
