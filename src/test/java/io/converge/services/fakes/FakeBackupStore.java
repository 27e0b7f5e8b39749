package io.converge.services.fakes;

import io.converge.model.BackupStatus;
import io.converge.services.BackupRestore;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/** Backups in memory: records each take and restore (with what the world looked like then), answers as told. */
public final class FakeBackupStore implements BackupRestore {
    private final List<String> calls = new ArrayList<>();
    private final Supplier<String> world;
    private Outcome restoreAnswer = new Outcome(null, List.of(), "no backup restored: there is none");
    private IOException takeFailure;

    /** @param world what to record beside each call (say, the runtime's mutations so far) */
    public FakeBackupStore(Supplier<String> world) {
        this.world = world;
    }

    public synchronized void restoreAnswer(String restored, List<BackupStatus.Skipped> skipped, String message) {
        restoreAnswer = new Outcome(restored, skipped, message);
    }

    public synchronized void failTakes(IOException e) {
        takeFailure = e;
    }

    public synchronized List<String> calls() {
        return List.copyOf(calls);
    }

    @Override
    public synchronized Taken take(String service, String node, List<Source> sources, Path target, int keep,
                                   Instant now) throws IOException {
        calls.add("take " + service + " " + sources + " -> " + target + " keep " + keep + " | " + world.get());
        if (takeFailure != null) {
            throw takeFailure;
        }
        return new Taken(service + "-" + now.toEpochMilli() + ".tar.gz", 1234, "ab".repeat(32), List.of());
    }

    @Override
    public synchronized Outcome restoreNewest(String service, List<Source> sources, Path target) {
        calls.add("restore " + service + " " + sources + " <- " + target + " | " + world.get());
        return restoreAnswer;
    }
}
