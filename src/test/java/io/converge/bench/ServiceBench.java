package io.converge.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.converge.it.ConvergeProcess;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code deploy/dev/bench.sh service}: one {@code converge run} of this checkout (through {@code bin/converge},
 * its own KV prefix, node-suffixed container names, its own HTTP port; the node is the agent's) against the
 * Consul agent at {@code BENCH_CONSUL_ADDR}, and prints:
 * <ul>
 * <li>(b0) converge idle with no Service under its prefix: its Consul requests (its own
 * {@code converge.consul.requests} counter) and CPU over {@code BENCH_EMPTY_SECONDS};</li>
 * <li>(a) over {@code BENCH_ITERATIONS} fresh Services, one at a time: KV put → container created and running
 * (Docker event times), → registered, → check passing, → registration tagged {@code running} (the agent's
 * {@code /v1/agent/health/service/id/converge-<name>} polled every 10 ms, its own checks), and delete → container
 * removed, median and p95; beside it a raw Docker API create+start of the same container config (image, port
 * mapping, label keys; {@code io.converge.managed=bench-raw} so that converge leaves it alone), alternating with
 * the puts, each after {@code BENCH_SETTLE_SECONDS} of quiet; then the ratio of medians;</li>
 * <li>(b) with {@code BENCH_SERVICES} Services running: converge's CPU seconds and its Consul requests over
 * {@code BENCH_IDLE_SECONDS} of idleness, by endpoint;</li>
 * <li>(c) converge's resident memory (VmRSS) with those Services running.</li>
 * </ul>
 * It removes everything it created and stops converge. The last line is
 * {@code service: put-to-running / raw-start = X.XX} (ratio of medians).
 */
public final class ServiceBench {
    final Bench bench;
    final String image;
    final int iterations;
    final int services;
    final int idleSeconds;
    final int emptySeconds;
    final String checkInterval;
    final double settle;
    final String token = Bench.token();
    final String prefix = "converge-bench/" + token;
    /** Service names are SVC-a001, SVC-s000, ... */
    final String svc = "bench-" + token;
    final String raw = "converge-bench-raw-" + token;
    final BenchConsul consul;
    BenchDocker docker;
    ConvergeProcess converge;
    String node;

    ServiceBench(Map<String, String> env, PrintStream out) {
        bench = new Bench(env, out);
        iterations = bench.integer("BENCH_ITERATIONS", 20);
        services = bench.integer("BENCH_SERVICES", 100);
        idleSeconds = bench.integer("BENCH_IDLE_SECONDS", 60);
        emptySeconds = bench.integer("BENCH_EMPTY_SECONDS", 10);
        checkInterval = bench.text("BENCH_CHECK_INTERVAL", "1s");
        settle = bench.decimal("BENCH_SETTLE_SECONDS", 0.5);
        image = bench.text("BENCH_IMAGE", "converge-test/busybox:latest");
        consul = new BenchConsul(bench.text("BENCH_CONSUL_ADDR", "127.0.0.1:8500"));
        if (iterations < 1 || services < 1 || idleSeconds < 1 || emptySeconds < 1) {
            throw new IllegalArgumentException("BENCH_ITERATIONS, BENCH_SERVICES, BENCH_IDLE_SECONDS and "
                    + "BENCH_EMPTY_SECONDS must be at least 1");
        }
        Bench.duration("BENCH_CHECK_INTERVAL", checkInterval);
    }

    /** {@code deploy/dev/bench.sh service}: the knobs from the environment; exit status 0, 1 failed, 2 bad knob. */
    public static void main(String[] args) {
        System.exit(run(System.getenv(), System.out));
    }

    /** Runs the bench with these knobs; returns the exit status (the last line printed is the result). */
    public static int run(Map<String, String> env, PrintStream out) {
        return Bench.exitStatus(out, () -> new ServiceBench(env, out)::runAll);
    }

    private void runAll() throws Exception {
        long start = System.nanoTime();
        JsonNode self = consul.json("GET", "/v1/agent/self", null);
        node = self.path("Config").path("NodeName").asText();
        ServiceLatency.Result lat;
        ServiceIdle.Result idle;
        try (BenchDocker d = new BenchDocker()) {
            docker = d;
            docker.requireImage(image);
            bench.say("converge bench: service  (node %s, %d CPUs, load average %s, Consul %s, docker %s, image %s)",
                    node, Runtime.getRuntime().availableProcessors(), loadAverage(),
                    self.path("Config").path("Version").asText("?"), docker.version(), image);
            docker.watchEvents(e -> node.equals(e.attr("io.converge.node")));
            boolean failed = true;
            Thread interrupted = new Thread(() -> {
                bench.say("bench: interrupted; cleaning up");
                cleanupQuietly(true);
            }, "service-bench-cleanup");
            Runtime.getRuntime().addShutdownHook(interrupted);
            try {
                startConverge();
                ConsulRequests atStart = requests();
                ServiceIdle phases = new ServiceIdle(this);
                phases.empty();
                lat = new ServiceLatency(this).run();
                idle = phases.withServices();
                failed = false;
                ConsulRequests whole = requests();
                bench.say("  whole run: converge made %d HTTP requests to Consul (%.0f kB received); most frequent:",
                        whole.since(atStart).total(), whole.since(atStart).bytes() / 1024);
                whole.since(atStart).top(6).forEach(bench::say);
            } finally {
                try {
                    Runtime.getRuntime().removeShutdownHook(interrupted);
                    cleanup(failed);
                } catch (IllegalStateException shuttingDown) {
                    // the hook cleans up
                }
            }
        }
        double medRun = Bench.median(lat.run());
        double medRaw = Bench.median(lat.raw());
        bench.say("  whole bench took %.0fs; load average now %s; converge log %s", (System.nanoTime() - start) / 1e9,
                loadAverage(), converge.logFile().toAbsolutePath());
        bench.say("service: put-to-running %.1f ms (p95 %.1f); raw create+start %.1f ms (p95 %.1f); idle %.0f Consul "
                        + "requests/60s, CPU %.2f s/60s, RSS %.0f MiB with %d Services", Bench.ms(medRun),
                Bench.ms(Bench.percentile(lat.run(), 95)), Bench.ms(medRaw), Bench.ms(Bench.percentile(lat.raw(), 95)),
                idle.requests() * 60 / idle.window(), idle.cpu() * 60 / idle.window(), idle.rssKb() / 1024.0, services);
        bench.say("service: put-to-running / raw-start = %.2f", medRun / medRaw);
    }

    private void startConverge() throws Exception {
        Map<String, String> props = new LinkedHashMap<>();
        props.put("converge.kv.prefix", prefix);
        props.put("converge.dnat.enabled", "false");
        props.put("converge.containers.node-suffix", "true");
        props.put("converge.consul.address", consul.address());
        converge = new ConvergeProcess("bench-service-" + token, props)
                .viaLauncher(Path.of("bin", "converge"));
        long t = System.nanoTime();
        converge.startWithoutWaiting();
        converge.awaitReady(Duration.ofSeconds(90));
        bench.say("  kv prefix %s, service names %s-*, converge log %s", prefix, svc, converge.logFile());
        bench.say("  converge ready after %.1fs (pid %d, http port %d); RSS at start %.0f MiB",
                (System.nanoTime() - t) / 1e9, converge.pid(), converge.httpPort(),
                Bench.status(converge.pid(), "VmRSS") / 1024.0);
    }

    ConsulRequests requests() throws Exception {
        return ConsulRequests.of(converge.httpPort());
    }

    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (Exception e) {
            return "?";
        }
    }

    // ------------------------------------------------------------------------------------------- documents

    ObjectNode serviceDoc(String name, int hostPort, String interval) {
        ObjectNode doc = BenchConsul.JSON.createObjectNode();
        doc.put("apiVersion", "converge/v1").put("kind", "Service");
        doc.putObject("metadata").put("name", name);
        ObjectNode spec = doc.putObject("spec");
        spec.put("image", image).put("imagePull", "IfNotPresent");
        ObjectNode port = spec.putArray("ports").addObject().put("name", "http").put("containerPort", 8080);
        if (hostPort > 0) {
            port.put("hostPort", hostPort);
        }
        spec.putObject("check").put("http", "/healthz").put("interval", interval).put("timeout", "1s");
        spec.putArray("tags").add("bench");
        return doc;
    }

    String specKey(String name) {
        return prefix + "/specs/services/" + name;
    }

    /** converge's and the raw containers of this bench on this node, running or not. */
    List<String> benchContainers() {
        List<String> ids = new ArrayList<>();
        for (var c : docker.withLabels(List.of("io.converge.node=" + node), false)) {
            String service = c.getLabels() == null ? "" : c.getLabels().getOrDefault("io.converge.service", "");
            if (service.startsWith(svc) || BenchDocker.name(c).startsWith(raw)) {
                ids.add(c.getId());
            }
        }
        return ids;
    }

    List<String> benchRegistrations() {
        List<String> ids = new ArrayList<>();
        consul.json("GET", "/v1/agent/services", null).fieldNames().forEachRemaining(id -> {
            if (id.startsWith("converge-" + svc)) {
                ids.add(id);
            }
        });
        return ids;
    }

    private void cleanupQuietly(boolean failed) {
        try {
            cleanup(failed);
        } catch (Exception e) {
            bench.say("  cleanup: " + e);
        }
    }

    private void cleanup(boolean failed) throws Exception {
        List<String> leftovers = new ArrayList<>();
        try {
            consul.kvDelete(prefix + "/specs/", true);
            if (converge != null && converge.alive()) {
                Bench.waitUntil(() -> benchContainers().isEmpty() && benchRegistrations().isEmpty(),
                        Duration.ofSeconds(120), 250);
            }
        } catch (RuntimeException e) {
            bench.say("  cleanup: " + e);
        }
        if (converge != null) {
            long t = System.nanoTime();
            converge.stop();
            bench.say("  converge stopped by SIGTERM in %.1fs", (System.nanoTime() - t) / 1e9);
        }
        try {
            for (String id : benchContainers()) {
                leftovers.add("container " + id.substring(0, 12));
                docker.remove(id);
            }
            for (String id : benchRegistrations()) {
                leftovers.add("registration " + id);
                consul.send("PUT", "/v1/agent/service/deregister/" + id, null, Duration.ofSeconds(10));
            }
            consul.kvDelete(prefix, true);
        } catch (RuntimeException e) {
            bench.say("  cleanup: " + e);
        }
        if (!leftovers.isEmpty()) {
            bench.say("  cleanup found and removed leftovers: " + String.join(", ", leftovers));
        }
        if (converge != null) {
            List<String> problems = Files.readAllLines(converge.logFile()).stream()
                    .filter(l -> l.matches(".*\\s(WARN|ERROR)\\s.*")).toList();
            if (!problems.isEmpty()) {
                bench.say("  converge logged %d WARN/ERROR lines, e.g.:", problems.size());
                problems.stream().limit(5).forEach(l -> bench.say("    " + l.substring(0, Math.min(220, l.length()))));
            }
        }
    }
}
