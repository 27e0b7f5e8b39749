package io.converge.services;

import io.converge.kernel.Placement;
import io.converge.kernel.ResourceKey;
import io.converge.kernel.StatusStore;
import io.converge.model.BackupStatus;
import io.converge.model.CronSchedule;
import io.converge.model.Kind;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * The backups of the services this node runs (docs/backup.md): a cron job per service while this node runs its
 * instance, cancelled when it stops running it; each run checks the lock again, runs the pre hook in the instance,
 * archives the paths, runs the post hook, and writes {@code status.backup.last}. And the restore of a move.
 */
final class Backups {
    private static final Logger LOG = Logger.getLogger(Backups.class);

    /** What a scheduled run backs up: the spec and the instance as of the last pass that saw it running. */
    private record Job(BackupSpec spec, String instanceId) {
    }

    private final BackupScheduler scheduler;
    private final BackupRestore store;
    private final ContainerRuntime runtime;
    private final Placement placement;
    private final StatusStore statuses;
    private final DataRoot dataRoot;
    private final String node;
    private final InstantSource clock;
    private final Map<String, Job> jobs = new ConcurrentHashMap<>();
    /** Services restored on this takeover (until this node stops running them): a move restores once. */
    private final java.util.Set<String> restored = ConcurrentHashMap.newKeySet();

    Backups(BackupScheduler scheduler, BackupRestore store, ContainerRuntime runtime, Placement placement,
            StatusStore statuses, DataRoot dataRoot, String node, InstantSource clock) {
        this.scheduler = scheduler;
        this.store = store;
        this.runtime = runtime;
        this.placement = placement;
        this.statuses = statuses;
        this.dataRoot = dataRoot;
        this.node = node;
        this.clock = clock;
    }

    /** This node runs the service's instance: its backups are scheduled (or cancelled, without a backup spec). */
    void running(String name, BackupSpec backup, String instanceId) {
        if (backup == null) {
            cancel(name);
            return;
        }
        jobs.put(name, new Job(backup, instanceId));
        scheduler.schedule(jobId(name), CronSchedule.quartz(backup.schedule()), () -> run(name));
    }

    /** This node no longer runs the service (its next start is a takeover again). Idempotent. */
    void cancel(String name) {
        restored.remove(name);
        if (jobs.remove(name) != null) {
            scheduler.cancel(jobId(name));
        }
    }

    /** One scheduled backup; never throws (a failure is in status and the log). */
    void run(String name) {
        Job job = jobs.get(name);
        if (job == null || !placement.holds(new ResourceKey(Kind.SERVICE, name))) {
            LOG.infof("services/%s: backup skipped: this node does not hold the service's lock", name);
            return;
        }
        Instant start = clock.instant();
        String error = null;
        BackupRestore.Taken taken = null;
        try {
            hook(job, job.spec().pre(), "pre");
            taken = store.take(name, node, sources(job.spec()), java.nio.file.Path.of(job.spec().target()),
                    job.spec().keep(), start);
        } catch (IOException | RuntimeException e) {
            error = e instanceof IOException ? "archive: " + e.getMessage() : e.getMessage();
        }
        if (job.spec().post() != null) {
            try {
                hook(job, job.spec().post(), "post");
            } catch (RuntimeException e) {
                error = error == null ? e.getMessage() : error + "; " + e.getMessage();
            }
        }
        long ms = Duration.between(start, clock.instant()).toMillis();
        BackupStatus.Run run = taken == null ? new BackupStatus.Run(start.toString(), node, null, null, null, ms, error)
                : new BackupStatus.Run(start.toString(), node, taken.file(), taken.sizeBytes(), taken.sha256(), ms,
                error);
        log(name, run, taken);
        if (statuses.read(Kind.SERVICE, name).isPresent()) {
            statuses.update(Kind.SERVICE, name, s -> s.withBackup(s.backupOrEmpty().withRun(run)));
        }
    }

    private void hook(Job job, BackupSpec.Hook hook, String which) {
        if (hook == null) {
            return;
        }
        ContainerRuntime.ExecResult r;
        try {
            r = runtime.exec(job.instanceId(), hook.command(), hook.timeoutDuration());
        } catch (ContainerRuntime.RuntimeFailure e) {
            throw new IllegalStateException(which + " hook failed: " + e.getMessage(), e);
        }
        if (r.exitCode() != 0) {
            throw new IllegalStateException(which + " hook " + hook.command().get(0) + " exited with " + r.exitCode()
                    + (r.output().isEmpty() ? "" : ": " + io.converge.model.Quote.cut(r.output(), 300)));
        }
    }

    /**
     * The takeover step of {@code backup.restoreOnMove}: called after the lock, before the container exists. Restores
     * once per takeover, and only when status says another node ran the service last (its data here is older than
     * the newest backup; on the node that ran it, its data is the newest there is). Never throws.
     *
     * @return the restore to show in status, when one ran
     */
    Optional<BackupStatus.Restore> restoreOnMove(String name, BackupSpec backup, Supplier<Optional<String>> ranOn,
                                                 String logPrefix) {
        if (!restored.add(name)) {
            return Optional.empty();
        }
        Optional<String> last = ranOn.get();
        if (last.isEmpty() || last.get().equals(node)) {
            LOG.infof("%s: restoreOnMove: not a move (%s); starting with the data on this node", logPrefix,
                    last.map(n -> "it ran here last").orElse("no node has run it yet"));
            return Optional.empty();
        }
        BackupStatus.Restore r = restore(name, backup, last.get());
        LOG.infof("%s: restoreOnMove from %s: %s%s", logPrefix, last.get(), r.message(), r.skipped().isEmpty() ? ""
                : "; skipped: " + r.skipped().stream().map(k -> k.file() + " (" + k.reason() + ")").toList());
        return Optional.of(r);
    }

    /** The newest backup that verifies is put back into the paths. Never throws. */
    private BackupStatus.Restore restore(String name, BackupSpec backup, String from) {
        BackupRestore.Outcome o = store.restoreNewest(name, sources(backup), java.nio.file.Path.of(backup.target()));
        return new BackupStatus.Restore(clock.instant().toString(), node, from, o.restored(), o.skipped(),
                o.message());
    }

    List<BackupRestore.Source> sources(BackupSpec backup) {
        return backup.paths().stream().map(p -> new BackupRestore.Source(p, dataRoot.resolve(p))).toList();
    }

    private void log(String name, BackupStatus.Run run, BackupRestore.Taken taken) {
        if (run.error() != null) {
            LOG.warnf("services/%s: backup failed after %d ms: %s", name, run.durationMs(), run.error());
        } else {
            LOG.infof("services/%s: backup %s written (%d bytes, sha256 %s, %d ms)%s", name, run.file(),
                    run.sizeBytes(), run.sha256(), run.durationMs(), taken.deleted().isEmpty() ? ""
                            : "; rotated away " + String.join(", ", taken.deleted()));
        }
    }

    private static String jobId(String name) {
        return "converge-backup-" + name;
    }
}
