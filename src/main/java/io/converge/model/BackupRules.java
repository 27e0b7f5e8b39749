package io.converge.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What a Service's {@code spec.backup} must hold beyond its schema: a schedule that is a cron expression, a
 * singleton placement (the lock holder takes the backups and a move restores them; replicated instances have
 * no one owner of their data), and paths that are volume sources of the service (what a restore puts back before
 * the container exists). Pure; runs on schema-valid documents.
 */
final class BackupRules {
    private BackupRules() {
    }

    static List<Problem> check(JsonNode spec) {
        JsonNode backup = spec.path("backup");
        if (!backup.isObject()) {
            return List.of();
        }
        List<Problem> problems = new ArrayList<>();
        String mode = spec.path("placement").path("mode").asText("singleton");
        if (!"singleton".equals(mode)) {
            problems.add(new Problem("/spec/backup", "backups are taken of singleton services only (the lock holder"
                    + " backs up, and a move restores); placement.mode is " + mode));
        }
        try {
            CronSchedule.quartz(backup.path("schedule").asText());
        } catch (IllegalArgumentException e) {
            problems.add(new Problem("/spec/backup/schedule", Quote.of(backup.path("schedule").asText()) + " "
                    + e.getMessage()));
        }
        Set<String> sources = new HashSet<>();
        spec.path("volumes").forEach(v -> sources.add(v.path("source").asText()));
        JsonNode paths = backup.path("paths");
        for (int i = 0; i < paths.size(); i++) {
            if (!sources.contains(paths.get(i).asText())) {
                problems.add(new Problem("/spec/backup/paths/" + i, Quote.of(paths.get(i).asText())
                        + " is not the source of any volume in /spec/volumes (backups archive volume sources,"
                        + " written the same way)"));
            }
        }
        return problems;
    }
}
