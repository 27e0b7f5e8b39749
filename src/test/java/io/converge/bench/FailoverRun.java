package io.converge.bench;

import io.converge.bench.FailoverBench.Lock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** One failover of the failover bench: the reference starts, the holder's host gone, the timings, the restore. */
final class FailoverRun {
    /** The timings of one run in nanoseconds (null: not seen); restore and standby in seconds. */
    record Result(String oldNode, String newNode, long kill, long raw, List<Long> raws, long detection, Long serf,
                  long clearedToAcquired, Long acquiredToCreate, Long createToStart, long total, double restore,
                  double standby, List<String> notes) {
    }

    private final FailoverBench fb;
    private final BlockingWatch<Lock> lock;

    FailoverRun(FailoverBench fb, BlockingWatch<Lock> lock) {
        this.fb = fb;
        this.lock = lock;
    }

    /**
     * A raw Docker API create+start of a container like the service's (image, exposed port, bridge network, no
     * restart policy): just before the create call → Docker's {@code start} event.
     */
    long rawStart(int i) throws InterruptedException {
        String name = String.format("%s-bench-raw-%s-%03d", fb.clusterName, fb.token, i);
        long t0 = Bench.wallNanos();
        String id = fb.docker.create(name, fb.image, Map.of("io.converge.bench", fb.token,
                "io.converge.managed", "bench-raw"), 0);
        fb.docker.start(id);
        var started = fb.docker.await(e -> "start".equals(e.action()) && id.equals(e.id()), Duration.ofSeconds(10));
        fb.docker.remove(id);
        fb.docker.await(e -> "destroy".equals(e.action()) && id.equals(e.id()), Duration.ofSeconds(30));
        return started.orElseThrow(() -> new Bench.Failed("no start event for the reference container " + name))
                .timeNano() - t0;
    }

    Result run(int n) throws Exception {
        List<Long> raws = new ArrayList<>();
        for (int k = 0; k < fb.rawSamples; k++) {
            Bench.sleep(fb.settle);
            raws.add(rawStart(n * 100 + k));
        }
        Bench.sleep(fb.settle);
        String old = fb.holder(lock).orElse(null);
        if (old == null || fb.containers(false, old).isEmpty()) {
            throw new Bench.Failed("run " + n + ": no holder running the service before the kill: " + fb.describe(lock));
        }
        List<String> notes = new ArrayList<>();
        boolean wasLeader = fb.server.kvEntry(FailoverBench.PREFIX + "/locks/leader")
                .map(e -> e.path("Session").asText("")).filter(s -> !s.isEmpty())
                .flatMap(fb.server::sessionNode).map(old::equals).orElse(false);
        long t0;
        long kill;
        Optional<BlockingWatch.Change<String>> critical;
        try (BlockingWatch<String> serf = new BlockingWatch<>(fb.server, "/v1/health/node/" + old,
                FailoverRun::serfHealth).start()) {
            if (!"passing".equals(serf.current())) {
                throw new Bench.Failed("run " + n + ": serfHealth of " + old + " is " + serf.current() + " before the kill");
            }
            t0 = Bench.wallNanos();
            hostGone(old);
            kill = Bench.wallNanos() - t0;
            var started = fb.docker.await(e -> "start".equals(e.action()) && e.timeNano() >= t0
                    && e.attr("io.converge.node") != null && !old.equals(e.attr("io.converge.node")), fb.failoverTimeout);
            if (started.isEmpty()) {
                throw new Bench.Failed("run " + n + ": no container of " + fb.svc + " started on another node within "
                        + fb.failoverTimeout.toSeconds() + "s of killing " + old + ": " + fb.describe(lock));
            }
            critical = serf.await("critical"::equals, t0, Duration.ofSeconds(1));
            return measured(n, old, t0, kill, raws, critical, started.get(), wasLeader, notes);
        }
    }

    private Result measured(int n, String old, long t0, long kill, List<Long> raws,
                            Optional<BlockingWatch.Change<String>> critical, BenchDocker.Ev started, boolean wasLeader,
                            List<String> notes) throws Exception {
        var created = fb.docker.await(e -> "create".equals(e.action()) && e.id().equals(started.id()),
                Duration.ofSeconds(1));
        String fresh = started.attr("io.converge.node");
        var cleared = lock.await(l -> l.session() == null, t0, Duration.ofSeconds(5));
        var acquired = cleared.isEmpty() ? Optional.<BlockingWatch.Change<Lock>>empty()
                : lock.await(l -> l.session() != null, cleared.get().atNanos(), Duration.ofSeconds(5));
        if (cleared.isEmpty() || acquired.isEmpty()) {
            throw new Bench.Failed("run " + n + ": lock key changes not seen (cleared " + cleared.isPresent()
                    + ", acquired " + acquired.isPresent() + "); changes " + lock.last(4));
        }
        String acquirer = fb.server.sessionNode(acquired.get().digest().session()).orElse(null);
        if (!Objects.equals(acquirer, fresh)) {
            notes.add("lock acquired by " + acquirer + ", container started on " + fresh);
        }
        String named = acquired.get().digest().node();
        if (named != null && !named.equals(acquirer)) {
            notes.add("lock value names " + named + ", session is " + acquirer + "'s");
        }
        afterFailover(old, fresh, t0, wasLeader, notes);
        double[] restore = restore(n, old, fresh, notes);
        Thread.sleep(500);
        for (var e : fb.docker.recorded(e -> e.timeNano() >= t0 && ("create".equals(e.action())
                || "start".equals(e.action())) && !e.id().equals(started.id()) && e.attr("io.converge.node") != null)) {
            notes.add(String.format("other container event since t0: %s on %s at +%.0f ms", e.action(),
                    e.attr("io.converge.node"), Bench.ms(e.timeNano() - t0)));
        }
        long cl = cleared.get().atNanos();
        long ac = acquired.get().atNanos();
        Long create = created.map(BenchDocker.Ev::timeNano).orElse(null);
        return new Result(old, fresh, kill, Math.round(Bench.median(raws)), raws, cl - t0,
                critical.map(c -> c.atNanos() - t0).orElse(null), ac - cl, create == null ? null : create - ac,
                create == null ? null : started.timeNano() - create, started.timeNano() - t0, restore[0], restore[1],
                notes);
    }

    /**
     * kill -9 of the node's converge and SIGKILL of its agent straight from this JVM (a spawned {@code kill}
     * would add a process start to the timings), or SIGINT of the agent through the cluster; then forced removal
     * of its containers.
     */
    private void hostGone(String node) throws Exception {
        int i = fb.cluster.index(node);
        var ids = fb.docker.withLabels(List.of("io.converge.node=" + node), false);
        ProcessHandle converge = ProcessHandle.of(fb.cluster.pid("converge-" + i))
                .orElseThrow(() -> new Bench.Failed(node + ": its converge is not running"));
        ProcessHandle agent = ProcessHandle.of(fb.cluster.pid("client-" + i))
                .orElseThrow(() -> new Bench.Failed(node + ": its Consul agent is not running"));
        converge.destroyForcibly();
        if (fb.agentSignal.equals("KILL")) {
            agent.destroyForcibly();
        } else {
            fb.cluster.signalAgent(i, fb.agentSignal);
        }
        for (var c : ids) {
            fb.docker.remove(c.getId());
        }
        converge.onExit().get(20, java.util.concurrent.TimeUnit.SECONDS);
        agent.onExit().get(20, java.util.concurrent.TimeUnit.SECONDS);
    }

    /** After the failover: one container, on the new holder; the status says so; a dead leader was replaced. */
    private void afterFailover(String old, String fresh, long t0, boolean wasLeader, List<String> notes)
            throws InterruptedException {
        Thread.sleep(1000);
        if (wasLeader && fb.server.kvEntry(FailoverBench.PREFIX + "/locks/leader")
                .map(e -> e.path("Session").asText("")).orElse("").isEmpty()) {
            notes.add(String.format("%s was the cluster leader: %s/locks/leader still has no holder %.1fs after the "
                    + "kill", old, FailoverBench.PREFIX, (Bench.wallNanos() - t0) / 1e9));
        }
        List<String> running = fb.containers(false, null);
        if (running.size() != 1 || !running.get(0).startsWith(fresh + ":")) {
            notes.add("running after the failover: " + running);
        }
        var holders = fb.status().path("holders");
        if (holders.size() != 1 || !fresh.equals(holders.get(0).asText())) {
            notes.add("status holders " + holders);
        }
        String stale = fb.roles().get(old);
        if (stale != null) {
            notes.add("status still has " + old + " as " + stale + " 1s after the failover");
        }
    }

    /** Restores the host (its agent with its data dir, a fresh converge); [restore s, standby s]. */
    private double[] restore(int n, String old, String fresh, List<String> notes) throws Exception {
        long t1 = System.nanoTime();
        try {
            fb.cluster.up();
        } catch (IllegalStateException e) {     // once seen: the restarted converge gone a second after its start
            notes.add("restore failed (" + e.getMessage().lines().findFirst().orElse("") + "); retried");
            fb.cluster.up();
        }
        double restore = (System.nanoTime() - t1) / 1e9;
        if (!Bench.waitUntil(() -> "standby".equals(fb.roles().get(old)), Duration.ofSeconds(60), 100)) {
            throw new Bench.Failed("run " + n + ": " + old + " not standby within 60s of its restore: "
                    + fb.describe(lock));
        }
        double standby = (System.nanoTime() - t1) / 1e9;
        String now = fb.holder(lock).orElse(null);
        if (!fresh.equals(now)) {
            notes.add("holder after the restore is " + now + ", not " + fresh);
        }
        if (!fb.containers(false, old).isEmpty()) {
            notes.add(old + " runs " + fb.containers(false, old) + " after its restore");
        }
        return new double[] {restore, standby};
    }

    static String serfHealth(int status, String body) {
        if (status != 200) {
            return null;
        }
        for (var c : new BenchConsul.Answer(status, body, 0).json()) {
            if ("serfHealth".equals(c.path("CheckID").asText())) {
                return c.path("Status").asText();
            }
        }
        return null;
    }
}
