package io.converge.services.scheduler;

import io.converge.services.BackupScheduler;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.Scheduler;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link BackupScheduler} on Quarkus's scheduler: programmatic jobs ({@link Scheduler#newJob}), with Quarkus's
 * default cron syntax, Quartz ({@code quarkus.scheduler.cron-type}, which converge leaves as it is), in the JVM's
 * time zone.
 */
public final class QuarkusBackupScheduler implements BackupScheduler {
    private final Scheduler scheduler;
    private final Map<String, String> crons = new ConcurrentHashMap<>();

    public QuarkusBackupScheduler(Scheduler scheduler) {
        this.scheduler = scheduler;
    }

    @Override
    public synchronized void schedule(String id, String quartzCron, Runnable task) {
        if (quartzCron.equals(crons.get(id)) && scheduler.getScheduledJob(id) != null) {
            return;
        }
        cancel(id);
        scheduler.newJob(id).setCron(quartzCron)
                .setConcurrentExecution(Scheduled.ConcurrentExecution.SKIP)
                .setTask(execution -> task.run())
                .schedule();
        crons.put(id, quartzCron);
    }

    @Override
    public synchronized void cancel(String id) {
        crons.remove(id);
        if (scheduler.getScheduledJob(id) != null) {
            scheduler.unscheduleJob(id);
        }
    }
}
