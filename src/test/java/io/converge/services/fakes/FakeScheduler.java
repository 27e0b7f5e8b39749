package io.converge.services.fakes;

import io.converge.services.BackupScheduler;
import java.util.Map;
import java.util.TreeMap;

/** Jobs in memory, run by hand. */
public final class FakeScheduler implements BackupScheduler {
    private final Map<String, String> crons = new TreeMap<>();
    private final Map<String, Runnable> tasks = new TreeMap<>();

    @Override
    public synchronized void schedule(String id, String quartzCron, Runnable task) {
        crons.put(id, quartzCron);
        tasks.put(id, task);
    }

    @Override
    public synchronized void cancel(String id) {
        crons.remove(id);
        tasks.remove(id);
    }

    /** Job id → its Quartz expression. */
    public synchronized Map<String, String> jobs() {
        return Map.copyOf(crons);
    }

    /** Runs the job now, as the scheduler would. */
    public void fire(String id) {
        Runnable task;
        synchronized (this) {
            task = tasks.get(id);
        }
        if (task == null) {
            throw new IllegalStateException("no job " + id + " (jobs: " + crons + ")");
        }
        task.run();
    }
}
