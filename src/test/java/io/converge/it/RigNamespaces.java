package io.converge.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
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

    /**
     * Removes the namespaces (and processes) of rigs whose namespaces are all older than {@code age} and
     * whose processes all lost their parent: a killed run's. A long run's rig, whose servers still have their JVM,
     * stays.
     */
    static void sweepStale(Duration age) {
        if (!Files.isDirectory(NETNS)) {
            return;
        }
        Map<String, List<String>> rigs;
        try (Stream<Path> all = Files.list(NETNS)) {
            rigs = all.map(p -> p.getFileName().toString()).filter(n -> OURS.matcher(n).matches())
                    .collect(Collectors.groupingBy(n -> n.substring(0, n.indexOf('-'))));
        } catch (IOException e) {
            throw new UncheckedIOException("listing " + NETNS, e);
        }
        Instant before = Instant.now().minus(age);
        rigs.values().stream()
                .filter(names -> names.stream().allMatch(n -> modified(NETNS.resolve(n)).isBefore(before)))
                .filter(names -> names.stream().allMatch(RigNamespaces::orphaned))
                .forEach(names -> names.forEach(RigNamespaces::remove));
    }

    /** Kills every process in namespace {@code name} and deletes it; nothing when it does not exist. */
    static void remove(String name) {
        processes(name).forEach(p -> {
            p.destroyForcibly();
            p.onExit().join();
        });
        if (Files.exists(NETNS.resolve(name))) {
            Cmd.run("ip", "netns", "del", name).check();
        }
    }

    private static boolean orphaned(String name) {
        return processes(name).stream().allMatch(p -> p.parent().map(ProcessHandle::pid).orElse(1L) == 1L);
    }

    private static List<ProcessHandle> processes(String namespace) {
        return Stream.of(Cmd.run("ip", "netns", "pids", namespace).out().split("\\s+"))
                .filter(pid -> !pid.isBlank())
                .flatMap(pid -> ProcessHandle.of(Long.parseLong(pid)).stream()).toList();
    }

    private static Instant modified(Path p) {
        try {
            return Files.getLastModifiedTime(p).toInstant();
        } catch (IOException e) {
            return Instant.MAX;
        }
    }
}
