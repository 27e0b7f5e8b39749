package io.converge.bench;

import io.converge.it.ConsulAgent;
import io.converge.it.ConvergeProcess;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code deploy/dev/bench.sh catalog}: what the cluster catalog view and the reference index cost and how fast a
 * health change reaches the resources that reference the service. Against its own Consul agent (a single server on
 * free ports; or the agent at {@code BENCH_CONSUL_ADDR}, under a KV prefix and service names of its own), it
 * registers {@code BENCH_SERVICES} plain services {@code bench-cat-0001...} (no containers; each with a passing TTL
 * check of 24 h), puts as many PortForward documents {@code fwd-0001...} (valid per the schema, each
 * {@code spec.service} naming one service), and starts one {@code converge run} of this checkout with
 * {@code converge.bench.record-enqueues=portforwards}: a room that acts on nothing and logs every pass of a
 * PortForward with its start instant ({@code RecordingRoom}); the periodic resync is moved to 1 h so that it stays
 * out of the figures. Once every PortForward had its first pass and the log is quiet, {@link CatalogChanges} flips
 * {@code BENCH_CHANGES} random services' checks ({@code /v1/agent/check/fail} ↔ {@code pass}) and prints:
 * <ul>
 * <li>change → pass started (t0 just before the bench's request to the agent, t1 converge's instant of the pass of
 * that service's PortForward), and change → enqueue: t1 minus that pass's queue wait, the engine's own
 * {@code converge.reconcile.latency} (enqueue → pass start) read from {@code /q/metrics} after each change; median
 * and p95 of each;</li>
 * <li>spurious enqueues: passes of any other PortForward within {@code BENCH_SETTLE_SECONDS} after a change (there
 * should be none), and repeated passes of the changed one;</li>
 * <li>Consul requests and bytes received per change (converge's own counters, over all changes / N);</li>
 * <li>Consul requests per minute over {@code BENCH_IDLE_SECONDS} of idleness, by endpoint;</li>
 * <li>converge's resident memory (VmRSS) with those services and documents.</li>
 * </ul>
 * It stops converge and removes what it created (its agent; on a shared agent its registrations and KV prefix).
 * The last line is {@code catalog: change-to-enqueue-ms-p50 = N} (one decimal).
 */
public final class CatalogBench {
    final Bench bench;
    final int services;
    final int changes;
    final int idleSeconds;
    final double settle;
    final String token = Bench.token();
    final String prefix = "converge-bench/" + token;
    /** The names of the services: bench-cat-0001, ... (with the token on a shared agent). */
    final String svc;
    private final String sharedAgent;
    BenchConsul consul;
    ConvergeProcess converge;
    EnqueueLog log;

    CatalogBench(Map<String, String> env, PrintStream out) {
        bench = new Bench(env, out);
        services = bench.integer("BENCH_SERVICES", 1000);
        changes = bench.integer("BENCH_CHANGES", 30);
        idleSeconds = bench.integer("BENCH_IDLE_SECONDS", 60);
        settle = bench.decimal("BENCH_SETTLE_SECONDS", 0.5);
        sharedAgent = bench.text("BENCH_CONSUL_ADDR", "");
        svc = sharedAgent.isEmpty() ? "bench-cat" : "bench-cat-" + token;
        if (services < 1 || services > 9999 || changes < 1 || idleSeconds < 1 || settle < 0) {
            throw new IllegalArgumentException("BENCH_SERVICES must be 1-9999, BENCH_CHANGES and BENCH_IDLE_SECONDS "
                    + "at least 1, BENCH_SETTLE_SECONDS not negative");
        }
    }

    /** {@code deploy/dev/bench.sh catalog}: the knobs from the environment; exit status 0, 1 failed, 2 bad knob. */
    public static void main(String[] args) {
        System.exit(run(System.getenv(), System.out));
    }

    /** Runs the bench with these knobs; returns the exit status (the last line printed is the result). */
    public static int run(Map<String, String> env, PrintStream out) {
        return Bench.exitStatus(out, () -> new CatalogBench(env, out)::runWithAgent);
    }

    private void runWithAgent() throws Exception {
        if (!sharedAgent.isEmpty()) {
            consul = new BenchConsul(sharedAgent);
            runAll("the agent at " + sharedAgent);
            return;
        }
        try (ConsulAgent agent = new ConsulAgent("bench-catalog-" + token)) {
            agent.start();
            consul = new BenchConsul(agent.address());
            runAll("its own agent at " + agent.address());
        }
    }

    private void runAll(String where) throws Exception {
        long start = System.nanoTime();
        var self = consul.json("GET", "/v1/agent/self", null);
        bench.say("converge bench: catalog  (%d services and PortForwards, %d changes; Consul %s, %s; %d CPUs, "
                        + "load average %s)", services, changes, self.path("Config").path("Version").asText("?"), where,
                Runtime.getRuntime().availableProcessors(), ServiceBench.loadAverage());
        CatalogWorld world = new CatalogWorld(this);
        CatalogChanges.Result result;
        Idle idle;
        try {
            world.create();
            startConverge();
            result = new CatalogChanges(this).run();
            idle = idle();
        } finally {
            if (converge != null) {
                converge.stop();
            }
            world.remove();
        }
        long problems = java.nio.file.Files.readAllLines(converge.logFile()).stream()
                .filter(l -> l.matches(".*\\s(WARN|ERROR)\\s.*")).count();
        if (problems > 0) {
            bench.say("  note: converge logged %d WARN/ERROR lines (see its log)", problems);
        }
        bench.say("  whole bench took %.0fs; load average now %s; converge log %s", (System.nanoTime() - start) / 1e9,
                ServiceBench.loadAverage(), converge.logFile().toAbsolutePath());
        double p50 = Bench.ms(Bench.median(result.toEnqueue()));
        bench.say("catalog: change-to-enqueue %.1f ms (p95 %.1f), to pass start %.1f ms (p95 %.1f); %.1f Consul requests "
                        + "and %.0f kB per change; %d spurious enqueues; idle %.1f requests/60s; RSS %.0f MiB with %d "
                        + "services and PortForwards", p50, Bench.ms(Bench.percentile(result.toEnqueue(), 95)),
                Bench.ms(Bench.median(result.toPass())), Bench.ms(Bench.percentile(result.toPass(), 95)),
                result.requestsPerChange(), result.bytesPerChange() / 1024, result.spurious(), idle.perMinute(),
                idle.rssKb() / 1024.0, services);
        bench.say("catalog: change-to-enqueue-ms-p50 = %.1f", p50);
    }

    private void startConverge() throws Exception {
        Map<String, String> props = new LinkedHashMap<>();
        props.put("converge.kv.prefix", prefix);
        props.put("converge.dnat.enabled", "false");
        props.put("converge.consul.address", consul.address());
        props.put("converge.bench.record-enqueues", "portforwards");
        props.put("converge.reconcile.resync-interval", "1h");
        converge = new ConvergeProcess("bench-catalog-" + token, props).viaLauncher(Path.of("bin", "converge"));
        long t = System.nanoTime();
        converge.startWithoutWaiting();
        converge.awaitReady(Duration.ofSeconds(120));
        double ready = (System.nanoTime() - t) / 1e9;
        log = new EnqueueLog(converge.logFile());
        if (!Bench.waitUntil(() -> read() && log.distinctKeys() == services, Duration.ofSeconds(300), 100)) {
            throw new Bench.Failed("only " + log.distinctKeys() + " of " + services + " PortForwards had a pass "
                    + "within 300s; see " + converge.logFile());
        }
        double all = (System.nanoTime() - t) / 1e9;
        if (!log.awaitQuiet(Duration.ofSeconds(2), Duration.ofSeconds(120))) {
            throw new Bench.Failed("converge kept recording passes for 120s after start; see " + converge.logFile());
        }
        bench.say("  converge ready after %.1fs (pid %d, http port %d, log %s); every PortForward had a pass after "
                        + "%.1fs (%d passes), quiet after %.1fs", ready, converge.pid(), converge.httpPort(),
                converge.logFile(), all, log.read(), (System.nanoTime() - t) / 1e9);
    }

    private boolean read() {
        try {
            log.read();
            return true;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Converge's Consul requests while nothing changes, and its memory. */
    record Idle(double perMinute, long rssKb) {
    }

    private Idle idle() throws Exception {
        ConsulRequests before = ConsulRequests.of(converge.httpPort());
        int passes = log.read();
        long t = System.nanoTime();
        Thread.sleep(idleSeconds * 1000L);
        ConsulRequests idle = ConsulRequests.of(converge.httpPort()).since(before);
        double seconds = (System.nanoTime() - t) / 1e9;
        double perMinute = idle.total() * 60 / seconds;
        long rss = Bench.status(converge.pid(), "VmRSS");
        bench.say("  idle %.0fs: %d Consul requests (%.1f/60s, %.1f kB received), %d passes; by endpoint:", seconds,
                idle.total(), perMinute, idle.bytes() / 1024, log.read() - passes);
        idle.top(8).forEach(bench::say);
        bench.say("  resident memory with %d services and %d PortForwards: VmRSS %.0f MiB (peak VmHWM %.0f MiB), %d "
                        + "threads", services, services, rss / 1024.0, Bench.status(converge.pid(), "VmHWM") / 1024.0,
                Bench.status(converge.pid(), "Threads"));
        return new Idle(perMinute, rss);
    }

    String service(int i) {
        return String.format("%s-%04d", svc, i);
    }

    /** The PortForward that references service {@code i}. */
    static String portForward(int i) {
        return String.format("fwd-%04d", i);
    }

    static String checkId(String service) {
        return service + "-ttl";
    }

    /** The services are numbered from 1. */
    List<Integer> numbers() {
        return java.util.stream.IntStream.rangeClosed(1, services).boxed().toList();
    }
}
