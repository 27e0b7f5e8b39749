package io.converge.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.converge.it.DevCluster;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code deploy/dev/bench.sh failover}: needs no local agent; brings up its own dev cluster ({@link DevCluster}:
 * 3 Consul servers, 3 clients with one {@code converge run} each, on {@code BENCH_CLUSTER_NET} 127.0.9, node names
 * {@code fb-node-I}, KV prefix {@code bench-failover}, lock-delay L, fence-after F, fence-kill-budget B). It puts
 * one singleton Service (the test image's httpd on 8080, no hostPort, {@code placement.lockDelay} L) and waits
 * until one node holds its lock and runs it and the other two are standby. Then, {@code BENCH_RUNS} times:
 * <ul>
 * <li>{@code BENCH_RAW_SAMPLES} raw Docker API create+starts of an equivalent container, create call → Docker
 * {@code start} event: the run's <em>start</em> (median);</li>
 * <li>"host gone" for the lock holder (the node of the lock key's Session): t0, kill -9 of its converge,
 * SIGKILL ({@code BENCH_AGENT_SIGNAL=INT}: SIGINT) of its Consul agent, removal of its containers;</li>
 * <li><em>detection</em> = t0 → the lock key's Session cleared, seen by a blocking query on server 1 (t0 → the
 * holder's serfHealth critical is printed beside it); <em>total</em> = t0 → Docker's {@code start} event of the
 * service's container on another node; also Session cleared → lock acquired again, acquired → {@code create},
 * {@code create} → {@code start}; then checks: one running container, status {@code holders} and roles;</li>
 * <li>restores the host ({@code cluster.sh up 3}) and waits until the status shows it {@code standby}.</li>
 * </ul>
 * The last line is {@code failover: total / (detection + lockDelay + start) = X.XX}, the ratio of medians. The
 * cluster goes down on exit, also on failure or interrupt (its converge logs are kept in
 * {@code target/it-logs/<name>-cluster/}).
 */
public final class FailoverBench {
    static final String PREFIX = "bench-failover";
    static final int NODES = 3;

    final Bench bench;
    final int runs;
    final String lockDelayText;
    final Duration lockDelay;
    final String fenceAfter;
    final String killBudget;
    final String agentSignal;
    final int rawSamples;
    final double settle;
    final Duration failoverTimeout;
    final String net;
    final String clusterName;
    final String javaOpts;
    final String image;
    final String token = Bench.token();
    final String svc = "failover-" + token;
    DevCluster cluster;
    BenchConsul server;
    BenchDocker docker;

    FailoverBench(Map<String, String> env, PrintStream out) {
        bench = new Bench(env, out);
        runs = bench.integer("BENCH_RUNS", 5);
        lockDelayText = bench.text("BENCH_LOCK_DELAY", "5s");
        lockDelay = Bench.duration("BENCH_LOCK_DELAY", lockDelayText);
        fenceAfter = bench.text("BENCH_FENCE_AFTER", "2s");
        killBudget = bench.text("BENCH_FENCE_KILL_BUDGET", "2s");
        agentSignal = bench.text("BENCH_AGENT_SIGNAL", "KILL").toUpperCase().replaceFirst("^SIG", "");
        rawSamples = bench.integer("BENCH_RAW_SAMPLES", 3);
        settle = bench.decimal("BENCH_SETTLE_SECONDS", 1);
        failoverTimeout = Duration.ofMillis(Math.round(bench.decimal("BENCH_FAILOVER_TIMEOUT",
                lockDelay.toMillis() / 1000.0 + 60) * 1000));
        net = bench.text("BENCH_CLUSTER_NET", "127.0.9");
        clusterName = bench.text("BENCH_CLUSTER_NAME", "fb");
        javaOpts = bench.text("BENCH_JAVA_OPTS", "");
        image = bench.text("BENCH_IMAGE", "converge-test/busybox:latest");
        if (runs < 5 && !bench.has("BENCH_SMOKE")) {
            throw new IllegalArgumentException("BENCH_RUNS must be at least 5 (got " + runs + ")");
        }
        if (runs < 1 || rawSamples < 1) {
            throw new IllegalArgumentException("BENCH_RUNS and BENCH_RAW_SAMPLES must be at least 1");
        }
        if (!agentSignal.equals("KILL") && !agentSignal.equals("INT")) {
            throw new IllegalArgumentException("BENCH_AGENT_SIGNAL must be KILL or INT (got " + agentSignal + ")");
        }
        Duration fence = Bench.duration("BENCH_FENCE_AFTER", fenceAfter)
                .plus(Bench.duration("BENCH_FENCE_KILL_BUDGET", killBudget));
        if (fence.compareTo(lockDelay) > 0) {
            throw new IllegalArgumentException("BENCH_FENCE_AFTER + BENCH_FENCE_KILL_BUDGET (" + fence.toMillis()
                    + " ms) must not exceed BENCH_LOCK_DELAY (" + lockDelay.toMillis()
                    + " ms): converge would refuse to start");
        }
    }

    /** {@code deploy/dev/bench.sh failover}: the knobs from the environment; exit 0, 1 failed, 2 bad knob. */
    public static void main(String[] args) {
        System.exit(run(System.getenv(), System.out));
    }

    /**
     * Runs the bench with these knobs ({@code BENCH_SMOKE} set allows fewer than 5 runs); returns the exit status
     * (the last line printed is the result).
     */
    public static int run(Map<String, String> env, PrintStream out) {
        return Bench.exitStatus(out, () -> new FailoverBench(env, out)::runAll);
    }

    private void runAll() throws Exception {
        long start = System.nanoTime();
        cluster = new DevCluster(net, clusterName, PREFIX, NODES, "-Dconverge.placement.lock-delay=" + lockDelayText
                + " -Dconverge.placement.fence-after=" + fenceAfter + " -Dconverge.placement.fence-kill-budget="
                + killBudget + " " + javaOpts);
        java.nio.file.Files.createDirectories(java.nio.file.Path.of("target", "it-logs"));
        java.nio.file.Path scriptLog = java.nio.file.Path.of("target", "it-logs", clusterName + "-cluster-sh.out")
                .toAbsolutePath();
        cluster.logScriptTo(scriptLog);
        server = new BenchConsul(cluster.serverHttp(1));   // every read of the bench: server 1, never killed
        List<FailoverRun.Result> results = new ArrayList<>();
        try (BenchDocker d = new BenchDocker()) {
            docker = d;
            docker.requireImage(image);
            bench.say("converge bench: failover  (%d CPUs, load average %s, docker %s, image %s)",
                    Runtime.getRuntime().availableProcessors(), ServiceBench.loadAverage(), docker.version(), image);
            bench.say("  cluster %s: 3 servers + %d clients on %s.x, state %s; kv prefix %s; service %s; lock-delay %s,"
                            + " fence-after %s, fence-kill-budget %s; %d runs; host gone = kill -9 converge, SIG%s "
                            + "agent, docker rm -f", clusterName, NODES, net, cluster.state(), PREFIX, svc,
                    lockDelayText, fenceAfter, killBudget, runs, agentSignal);
            bench.say("  cluster.sh output in %s", scriptLog);
            docker.watchEvents(e -> (svc.equals(e.attr("io.converge.service")) && PREFIX.equals(
                    e.attr("io.converge.prefix"))) || token.equals(e.attr("io.converge.bench")));
            try {
                long t = System.nanoTime();
                cluster.up();
                bench.say("  cluster up in %.1fs", (System.nanoTime() - t) / 1e9);
                try (BlockingWatch<Lock> lock = new BlockingWatch<>(server, "/v1/kv/" + lockKey(), Lock::of)) {
                    lock.start();
                    t = System.nanoTime();
                    server.kvPut(specKey(), BenchConsul.JSON.writeValueAsString(serviceDoc()));
                    String h = steady(lock, Duration.ofSeconds(90));
                    bench.say("  %s running on %s (lock held, other nodes standby) %.1fs after the put", svc, h,
                            (System.nanoTime() - t) / 1e9);
                    FailoverRun runner = new FailoverRun(this, lock);
                    runner.rawStart(0);     // unmeasured warm-up of the reference
                    for (int n = 1; n <= runs; n++) {
                        FailoverRun.Result r = runner.run(n);
                        results.add(r);
                        bench.say(FailoverReport.line(n, r));
                    }
                }
            } finally {
                if (results.size() < runs) {
                    bench.say("  %d runs completed before the failure", results.size());
                }
                cleanup();
            }
        }
        double ratio = new FailoverReport(this).report(results);
        bench.say("  whole bench took %.0fs; load average now %s", (System.nanoTime() - start) / 1e9,
                ServiceBench.loadAverage());
        bench.say("failover: total / (detection + lockDelay + start) = %.2f", ratio);
    }

    // --------------------------------------------------------------------------------------- the service, its state

    String lockKey() {
        return PREFIX + "/locks/services/" + svc;
    }

    String specKey() {
        return PREFIX + "/specs/services/" + svc;
    }

    private ObjectNode serviceDoc() {
        ObjectNode doc = BenchConsul.JSON.createObjectNode();
        doc.put("apiVersion", "converge/v1").put("kind", "Service");
        doc.putObject("metadata").put("name", svc);
        ObjectNode spec = doc.putObject("spec");
        spec.put("image", image).put("imagePull", "IfNotPresent");
        spec.putArray("ports").addObject().put("name", "http").put("containerPort", 8080);
        spec.putObject("placement").put("mode", "singleton").put("lockDelay", lockDelayText);
        spec.putObject("check").put("http", "/healthz").put("interval", "2s").put("timeout", "1s");
        spec.putArray("tags").add("bench");
        return doc;
    }

    /** The lock key as a blocking query sees it: its Session and the node its value names (nulls: no key). */
    record Lock(String session, String node) {
        static Lock of(int status, String body) {
            if (status != 200) {
                return new Lock(null, null);
            }
            JsonNode entry = new BenchConsul.Answer(status, body, 0).json().get(0);
            String session = entry.path("Session").asText("");
            String node = BenchConsul.value(entry).map(v -> v.path("node").asText(null)).orElse(null);
            return new Lock(session.isEmpty() ? null : session, node);
        }
    }

    JsonNode status() {
        return server.kvJson(PREFIX + "/status/services/" + svc).orElse(BenchConsul.JSON.createObjectNode());
    }

    Map<String, String> roles() {
        Map<String, String> roles = new HashMap<>();
        status().path("nodes").fields().forEachRemaining(e -> roles.put(e.getKey(), e.getValue().path("role")
                .asText(null)));
        return roles;
    }

    /** The node holding the lock now, from the key's Session (Consul's word, not the value's). */
    Optional<String> holder(BlockingWatch<Lock> lock) {
        Lock l = lock.current();
        return l == null || l.session() == null ? Optional.empty() : server.sessionNode(l.session());
    }

    /** The service's containers in the shared dockerd as node → state, running only unless {@code all}. */
    List<String> containers(boolean all, String node) {
        List<String> labels = new ArrayList<>(List.of("io.converge.service=" + svc, "io.converge.prefix=" + PREFIX));
        if (node != null) {
            labels.add("io.converge.node=" + node);
        }
        return docker.withLabels(labels, !all).stream().map(c -> c.getLabels().get("io.converge.node") + ":"
                + BenchDocker.name(c) + ":" + c.getState()).toList();
    }

    /** Waits until one node holds the lock and runs the one container, and the others are standby. */
    private String steady(BlockingWatch<Lock> lock, Duration timeout) throws InterruptedException {
        String[] h = new String[1];
        boolean ok = Bench.waitUntil(() -> {
            h[0] = holder(lock).orElse(null);
            if (h[0] == null) {
                return false;
            }
            List<String> running = containers(false, null);
            Map<String, String> r = roles();
            boolean othersStandby = true;
            for (int i = 1; i <= NODES; i++) {
                othersStandby &= cluster.node(i).equals(h[0]) || "standby".equals(r.get(cluster.node(i)));
            }
            return running.size() == 1 && running.get(0).startsWith(h[0] + ":") && "active".equals(r.get(h[0]))
                    && othersStandby;
        }, timeout, 100);
        if (!ok) {
            throw new Bench.Failed("no steady state within " + timeout.toSeconds() + "s: " + describe(lock));
        }
        return h[0];
    }

    String describe(BlockingWatch<Lock> lock) {
        JsonNode st = status();
        return "lock " + lock.current() + "; containers " + containers(true, null) + "; status roles " + roles()
                + ", holders " + st.path("holders") + ", phase " + st.path("phase").asText();
    }

    private void cleanup() {
        try {
            server.kvDelete(specKey(), false);
            Bench.waitUntil(() -> containers(true, null).isEmpty(), Duration.ofSeconds(5), 200);
        } catch (RuntimeException | InterruptedException e) {
            bench.say("  cleanup: " + e);
        }
        try {
            for (var c : docker.withLabels(List.of("io.converge.bench=" + token), false)) {
                docker.remove(c.getId());
            }
        } catch (RuntimeException e) {
            bench.say("  cleanup: " + e);
        }
        try {
            long t = System.nanoTime();
            cluster.down();
            bench.say("  cluster down in %.1fs; converge and agent logs kept in target/it-logs/%s-cluster/",
                    (System.nanoTime() - t) / 1e9, clusterName);
            // cluster.sh's lock file for this state dir in its registry (the state dir itself is gone)
            String registry = System.getenv().getOrDefault("CLUSTER_REGISTRY", "/run/converge-dev-clusters");
            java.nio.file.Files.deleteIfExists(java.nio.file.Path.of(registry, cluster.state().toString()
                    .replaceAll("[^a-zA-Z0-9._-]", "_") + ".lock"));
        } catch (Exception e) {
            bench.say("  cleanup: " + e);
        }
    }
}
