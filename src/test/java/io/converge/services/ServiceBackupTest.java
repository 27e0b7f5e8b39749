package io.converge.services;

import static io.converge.services.ServiceFixture.example;
import static io.converge.services.ServiceFixture.spec;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.converge.kernel.Placement;
import io.converge.model.BackupStatus;
import io.converge.model.Kind;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Service room's backups: scheduled where the instance runs, taken with hooks, restored on a move only. */
class ServiceBackupTest {
    private static final String JOB = "converge-backup-hello";
    private final ServiceFixture room = new ServiceFixture();

    private static ObjectNode withBackup(boolean restoreOnMove) {
        return example(d -> {
            spec(d).putArray("volumes").addObject().put("source", "/srv/hello").put("target", "/data");
            ObjectNode b = spec(d).putObject("backup").put("schedule", "0 3 * * *").put("target", "/backups")
                    .put("keep", 3).put("restoreOnMove", restoreOnMove);
            b.putArray("paths").add("/srv/hello");
            b.putObject("pre").put("timeout", "30s").putArray("command").add("sh").add("-c").add("dump");
            b.putObject("post").putArray("command").add("rm").add("/data/dump");
        });
    }

    private void ranOn(String node) {
        room.statuses.update(Kind.SERVICE, ServiceFixture.NAME, s -> s.withBackup(BackupStatus.empty().withRanOn(node)));
    }

    @Test
    void aTakeoverFromAnotherNodeRestoresTheNewestVerifiedBackupBeforeTheContainerIsCreated() {
        ranOn("node-b");
        room.backups.restoreAnswer("hello-2.tar.gz", List.of(new BackupStatus.Skipped("hello-3.tar.gz",
                "checksum mismatch")), "restored hello-2.tar.gz; skipped 1 newer that did not verify");
        room.put(withBackup(true), 10);
        room.pass();

        assertThat(room.backups.calls()).hasSize(1);
        assertThat(room.backups.calls().get(0)).startsWith("restore hello [Source[name=/srv/hello, path=/srv/hello]]")
                .as("nothing was created yet").doesNotContain("create");
        assertThat(room.runtime.mutations()).anyMatch(m -> m.startsWith("create"));
        BackupStatus.Restore r = room.status().backup().restore();
        assertThat(r.node()).isEqualTo("node-a");
        assertThat(r.from()).isEqualTo("node-b");
        assertThat(r.restored()).isEqualTo("hello-2.tar.gz");
        assertThat(r.skipped()).extracting(BackupStatus.Skipped::file).containsExactly("hello-3.tar.gz");
        assertThat(room.status().backup().ranOn()).as("runs here now").isEqualTo("node-a");

        room.runtime.remove(room.runtime.all().get(0).id()); // removed by hand: put back, but this is no move
        room.pass();
        assertThat(room.backups.calls()).as("one restore per takeover").hasSize(1);
    }

    @Test
    void aStartWhereItRanLastOrWhereNoNodeRanItRestoresNothing() {
        ranOn("node-a");
        room.put(withBackup(true), 10);
        room.pass();
        assertThat(room.backups.calls()).isEmpty();

        ServiceFixture fresh = new ServiceFixture();
        fresh.put(withBackup(true), 10);
        fresh.pass();
        assertThat(fresh.backups.calls()).isEmpty();
        assertThat(fresh.status().backup().ranOn()).isEqualTo("node-a");
    }

    @Test
    void withoutRestoreOnMoveAMoveRestoresNothing() {
        ranOn("node-b");
        room.put(withBackup(false), 10);
        room.pass();
        assertThat(room.backups.calls()).isEmpty();
    }

    @Test
    void backupsAreScheduledWhileThisNodeRunsTheInstanceAndCancelledWhenItStandsBy() {
        room.put(withBackup(false), 10);
        room.pass();
        assertThat(room.scheduler.jobs()).containsEntry(JOB, "0 0 3 * * ? *");

        room.placement.role(Placement.Role.STANDBY);
        room.pass();
        assertThat(room.scheduler.jobs()).isEmpty();
    }

    @Test
    void aRunCallsPreThenArchivesThenPostAndStatusShowsTheBackup() {
        room.put(withBackup(false), 10);
        room.pass();
        String id = room.runtime.all().get(0).id();
        room.scheduler.fire(JOB);

        List<String> execs = room.runtime.mutations().stream().filter(m -> m.startsWith("exec")).toList();
        assertThat(execs).containsExactly("exec " + id + " sh -c dump", "exec " + id + " rm /data/dump");
        assertThat(room.backups.calls()).singleElement().satisfies(c -> assertThat(c)
                .contains("keep 3").contains("exec " + id + " sh -c dump").doesNotContain("rm /data/dump"));
        BackupStatus.Run last = room.status().backup().last();
        assertThat(last.file()).endsWith(".tar.gz");
        assertThat(last.sizeBytes()).isEqualTo(1234);
        assertThat(last.sha256()).hasSize(64);
        assertThat(last.error()).isNull();
        assertThat(room.status().backup().lastSuccess()).isEqualTo(last);
    }

    @Test
    void aFailingPreHookArchivesNothingStillRunsPostAndStatusSaysWhy() {
        room.put(withBackup(false), 10);
        room.pass();
        room.scheduler.fire(JOB);
        BackupStatus.Run good = room.status().backup().last();
        room.runtime.execExitCode(3);
        room.clock.advance(Duration.ofHours(24));
        room.scheduler.fire(JOB);

        assertThat(room.backups.calls()).hasSize(1);
        assertThat(room.runtime.mutations().stream().filter(m -> m.startsWith("exec")).toList()).hasSize(4);
        BackupStatus.Run last = room.status().backup().last();
        assertThat(last.error()).startsWith("pre hook sh exited with 3").contains("post hook rm exited with 3");
        assertThat(last.file()).isNull();
        assertThat(room.status().backup().lastSuccess()).isEqualTo(good);
    }

    @Test
    void anArchiveThatFailsIsReported() {
        room.put(withBackup(false), 10);
        room.pass();
        room.backups.failTakes(new IOException("/backups/hello: No space left on device"));
        room.scheduler.fire(JOB);
        assertThat(room.status().backup().last().error()).isEqualTo("archive: /backups/hello: No space left on device");
    }

    @Test
    void aRunOnANodeThatLostTheLockTakesNothing() {
        room.put(withBackup(false), 10);
        room.pass();
        room.placement.holds(false);
        room.scheduler.fire(JOB);
        assertThat(room.backups.calls()).isEmpty();
        assertThat(room.status().backup().last()).isNull();
    }

    @Test
    void relativeVolumeSourcesLiveUnderTheDataRoot() {
        assertThat(new DataRoot(java.nio.file.Path.of("/d/node-a")).resolve(new ServiceSpec("i", null, null, null,
                null, null, List.of(new ServiceSpec.Volume("db", "/var/lib/db", false),
                new ServiceSpec.Volume("/srv/x", "/x", true)), null, null, null, null, null, Map.of(), null))
                .volumes()).extracting(ServiceSpec.Volume::source).containsExactly("/d/node-a/db", "/srv/x");
    }
}
