package io.converge.services;

/**
 * The port to a cron scheduler, for {@code backup.schedule}. The adapter on Quarkus's scheduler lives in
 * {@code services.scheduler}.
 */
public interface BackupScheduler {

    /**
     * Runs {@code task} at each time of {@code quartzCron} (Quartz form, validated), replacing a job of the same id
     * with another expression; a job already scheduled with the same expression is left as it is. A run still going
     * when the next is due makes that one skipped, never two at once.
     */
    void schedule(String id, String quartzCron, Runnable task);

    /** Removes the job. Idempotent. */
    void cancel(String id);

    /** Schedules nothing (tests, and the CLI). */
    BackupScheduler NONE = new BackupScheduler() {
        @Override
        public void schedule(String id, String quartzCron, Runnable task) {
        }

        @Override
        public void cancel(String id) {
        }
    };
}
