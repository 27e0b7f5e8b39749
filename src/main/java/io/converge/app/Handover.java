package io.converge.app;

import io.converge.config.ConvergeConfig;
import io.converge.placement.consul.ConsulPlacement;
import io.converge.placement.consul.Handovers;
import io.converge.placement.consul.NodeSession;
import io.converge.placement.consul.SessionPool;
import java.io.File;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * A restart of converge that interrupts nothing (SPEC §6.1): the stopping side ({@link #handOver}) leaves every
 * instance running and every lock held, writes the handover marker and starts the guard; the starting side
 * ({@link #adopt}) takes the sessions back by name (NodeSession), re-acquires their locks with the same sessions and
 * adopts the running containers, and once self-fencing answers for every lock those sessions hold, claims the
 * marker, which tells the guard to go.
 */
final class Handover {
    private static final Logger LOG = Logger.getLogger(Handover.class);

    private Handover() {
    }

    /** The TTL of converge's check: the handover grace, or three check intervals without a handover. */
    static Duration ttl(ConvergeConfig config) {
        Duration grace = config.shutdown().handoverGrace();
        return grace.isZero() ? config.placement().liveCheckInterval().multipliedBy(3) : grace;
    }

    /**
     * The stopping side: marker, last pass, guard. False when any of it failed (Consul not answering, no guard):
     * the caller stands down instead, as nobody could fence what would be left running.
     */
    static boolean handOver(ConvergeConfig config, Handovers handovers, SessionPool sessions,
                            ConsulPlacement placement) {
        List<String> ids = sessions.all().stream().map(NodeSession::id).flatMap(Optional::stream).toList();
        ConvergeConfig.Placement p = config.placement();
        Duration grace = config.shutdown().handoverGrace();
        try {
            handovers.write(ProcessHandle.current().pid(), ids, sessions.alive().checkId(), grace, p.fenceAfter(),
                    p.liveCheckInterval(), placement.provedAgo());
            sessions.alive().pass();
        } catch (RuntimeException e) {
            LOG.warnf("handover: %s; standing down instead", e.getMessage());
            return false;
        }
        Process guard = null;
        try {
            long index = handovers.marker().orElseThrow(() -> new IllegalStateException("marker gone")).index();
            guard = new ProcessBuilder(guardCommand(config, handovers)).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.INHERIT)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
            awaitGuard(handovers, index, grace, sessions, guard);
            LOG.infof("handover: sessions %s stay valid for %s; the guard (started by %s, pid %d) stands in (%s)",
                    ids, grace, config.shutdown().guard(), guard.pid(), handovers.key());
            return true;
        } catch (java.io.IOException | RuntimeException e) {
            LOG.warnf("handover: no guard (%s); standing down instead", e.getMessage());
            if (guard != null) {
                guard.destroyForcibly();
            }
            handovers.marker().ifPresent(m -> handovers.claim(m.index()));
            return false;
        }
    }

    /**
     * Waits (passing converge's check meanwhile, so that the sessions cannot time out) until the guard announced
     * itself for this marker; at most the grace, and no longer once the started process failed (the guard itself,
     * or systemd-run, which exits 0 once the guard's unit started and non-zero when it could not start it).
     */
    private static void awaitGuard(Handovers handovers, long index, Duration grace, SessionPool sessions,
                                   Process guard) {
        long until = System.nanoTime() + grace.toNanos();
        while (!handovers.guarded(index)) {
            if (!guard.isAlive() && guard.exitValue() != 0 && !handovers.guarded(index)) {
                throw new IllegalStateException("the guard exited with status " + guard.exitValue()
                        + " before it announced itself (its output is above)");
            }
            if (System.nanoTime() > until) {
                throw new IllegalStateException("the guard did not announce itself within " + grace);
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the guard");
            }
        }
        sessions.alive().pass();
    }

    /**
     * This very JVM and its arguments, with {@code run} replaced by {@code handover-guard}: in a session of its own
     * ({@code spawn}), or as a transient unit of its own with converge's configuration from the environment
     * ({@code systemd-run}: outside the cgroup of converge's unit, which the unit's stop kills).
     */
    private static List<String> guardCommand(ConvergeConfig config, Handovers handovers) {
        ProcessHandle.Info self = ProcessHandle.current().info();
        List<String> cmd = new ArrayList<>();
        if ("systemd-run".equals(config.shutdown().guard())) {
            cmd.addAll(List.of("systemd-run", "--quiet", "--collect", "--description=converge handover guard",
                    "--working-directory=" + System.getProperty("user.dir")));
            System.getenv().keySet().stream().filter(k -> k.startsWith("CONVERGE_") || k.startsWith("CONSUL_")
                    || k.startsWith("QUARKUS_") || k.equals("DOCKER_HOST") || k.equals("PATH")).sorted()
                    .forEach(k -> cmd.add("--setenv=" + k)); // names only: values are taken from this environment
        } else if (new File("/usr/bin/setsid").canExecute()) {
            cmd.add("/usr/bin/setsid");
        }
        cmd.add(self.command().orElseThrow(() -> new IllegalStateException("no command line of this JVM")));
        List<String> args = new ArrayList<>(List.of(self.arguments().orElseThrow(
                () -> new IllegalStateException("no command line of this JVM"))));
        int run = args.lastIndexOf("run");
        if (run < 0) {
            throw new IllegalStateException("not started as `converge run`: " + args);
        }
        args.set(run, "handover-guard");
        args.add(run + 1, "--node");
        args.add(run + 2, handovers.node());
        cmd.addAll(args);
        return cmd;
    }

    /**
     * The starting side: if a stopped converge handed this node over, claims the marker (check-and-set) once every
     * lock its sessions still hold is held here under self-fencing. Runs on a thread of its own; never throws.
     */
    static void adopt(Handovers handovers, ConsulPlacement placement) {
        Thread t = new Thread(() -> {
            try {
                adoptLoop(handovers, placement);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "handover-adoption");
        t.setDaemon(true);
        t.start();
    }

    private static void adoptLoop(Handovers handovers, ConsulPlacement placement) throws InterruptedException {
        long first = -1;
        for (int failures = 0; failures < 120; ) {
            try {
                var m = handovers.marker();
                if (m.isEmpty() || (first >= 0 && m.get().index() != first)) {
                    if (first >= 0) {
                        LOG.warn("handover: the marker went before this converge adopted the node (the guard fenced)");
                    }
                    return;
                }
                if (first < 0) {
                    first = m.get().index();
                    LOG.infof("handover: taking over from pid %d: sessions %s", m.get().pid(), m.get().sessions());
                }
                if (placement.covers(Set.copyOf(m.get().sessions())) && handovers.claim(first)) {
                    LOG.infof("handover: adopted the node from pid %d: its locks are held here", m.get().pid());
                    return;
                }
            } catch (RuntimeException e) {
                failures++;
                LOG.debugf("handover: %s", e.getMessage());
            }
            Thread.sleep(250);
        }
    }
}
