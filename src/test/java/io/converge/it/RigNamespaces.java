package io.converge.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Naming, sweeping and removing the {@link NetRig}'s network namespaces ({@code cvg<4 hex>-<role>}). */
final class RigNamespaces {
    private static final Path NETNS = Path.of("/run/netns");
    private static final Pattern OURS = Pattern.compile("cvg[0-9a-f]{4}-[a-z0-9]+");

    private RigNamespaces() {
    }

    /** A rig id whose node namespace does not exist yet. */
    static String freeId() {
        while (true) {
            String id = String.format(Locale.ROOT, "cvg%04x", ThreadLocalRandom.current().nextInt(0x10000));
            if (!Files.exists(NETNS.resolve(id + "-node"))) {
                return id;
            }
        }
    }

    /**
     * An R for {@code 10.R.0.0/16} that no address of this machine's own namespace uses (the rig's addresses live
     * only in its namespaces, so this only keeps log lines unambiguous).
     */
    static int freeNet() {
        String host = Cmd.run("ip", "-o", "addr").out();
        while (true) {
            int r = ThreadLocalRandom.current().nextInt(16, 240);
            if (!host.contains(" 10." + r + ".")) {
                return r;
            }
        }
    }

    /** Removes rig namespaces (and their processes) older than {@link NetRig#STALE}: left by a killed run. */
    static void sweepStale() {
        if (!Files.isDirectory(NETNS)) {
            return;
        }
        Instant before = Instant.now().minus(NetRig.STALE);
        List<Path> stale;
        try (Stream<Path> all = Files.list(NETNS)) {
            stale = all.filter(p -> OURS.matcher(p.getFileName().toString()).matches())
                    .filter(p -> modified(p).isBefore(before)).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("listing " + NETNS, e);
        }
        stale.forEach(p -> remove(p.getFileName().toString()));
    }

    /** Kills every process in namespace {@code name} and deletes it; nothing when it does not exist. */
    static void remove(String name) {
        for (String pid : Cmd.run("ip", "netns", "pids", name).out().split("\\s+")) {
            if (!pid.isBlank()) {
                ProcessHandle.of(Long.parseLong(pid)).ifPresent(p -> {
                    p.destroyForcibly();
                    p.onExit().join();
                });
            }
        }
        if (Files.exists(NETNS.resolve(name))) {
            Cmd.run("ip", "netns", "del", name).check();
        }
    }

    private static Instant modified(Path p) {
        try {
            return Files.getLastModifiedTime(p).toInstant();
        } catch (IOException e) {
            return Instant.MAX;
        }
    }
}
