package io.converge.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code deploy/dev/bench.sh cli}: how long each client command takes from start to exit, as a user runs it
 * ({@code bin/converge}, a new JVM each time), against the local Consul agent holding a few specs and statuses under
 * a prefix of the bench's own; beside it, in the same run, {@code consul kv get -recurse} of the same specs (a Go
 * binary: the raw reference). Each command runs {@code BENCH_RUNS} times after one warm-up run; the figure is the
 * median wall time; beside it the median CPU time (user + system, from {@code /usr/bin/time} when present), which
 * a machine shared with other work inflates less. {@code apply} and {@code sync} change one document each run (one
 * "configured", the rest "unchanged");
 * {@code delete} deletes a spec the bench put back before each run (not timed); {@code fence} names a node that runs
 * nothing here, so it lists Docker's containers and kills none. A command that fails (another build, via
 * {@code CONVERGE_APP}, may not have it) is said and left out; {@code get} must succeed.
 *
 * <p>Knobs: BENCH_RUNS=15, BENCH_SPECS=5, BENCH_CONSUL_ADDR=127.0.0.1:8500, BENCH_LAUNCHER=bin/converge,
 * BENCH_CONSUL_BIN=consul, CONVERGE_APP (the app the launcher starts; default its own target/quarkus-app). Last line:
 * {@code cli: get-median-ms = N}.
 */
public final class CliBench {
    private final Bench bench;
    private final int runs;
    private final int specs;
    private final String address;
    private final Path launcher;
    private final String consulBin;
    private final String prefix = "converge-clibench-" + ProcessHandle.current().pid();
    private final BenchConsul consul;
    private final Map<String, String> env = new LinkedHashMap<>();
    private final Map<String, List<Long>> results = new LinkedHashMap<>();
    private final Path time = Path.of("/usr/bin/time");
    private Path docs;

    private CliBench(Map<String, String> environment, PrintStream out) {
        this.bench = new Bench(environment, out);
        this.runs = bench.integer("BENCH_RUNS", 15);
        this.specs = bench.integer("BENCH_SPECS", 5);
        if (runs < 1 || specs < 1) {
            throw new IllegalArgumentException("BENCH_RUNS and BENCH_SPECS must be at least 1");
        }
        this.address = bench.text("BENCH_CONSUL_ADDR", "127.0.0.1:8500");
        this.launcher = Path.of(bench.text("BENCH_LAUNCHER", "bin/converge")).toAbsolutePath();
        this.consulBin = bench.text("BENCH_CONSUL_BIN", "consul");
        this.consul = new BenchConsul(address);
        env.put("CONSUL_HTTP_ADDR", address);
        env.put("CONVERGE_KV_PREFIX", prefix);
        if (environment.containsKey("CONVERGE_APP")) {
            env.put("CONVERGE_APP", environment.get("CONVERGE_APP"));
        }
    }

    public static void main(String[] args) {
        System.exit(run(System.getenv(), System.out));
    }

    /** Runs the bench with these knobs; returns the exit status (the last line printed is the result). */
    public static int run(Map<String, String> env, PrintStream out) {
        return Bench.exitStatus(out, () -> new CliBench(env, out)::runAll);
    }

    private void runAll() throws Exception {
        bench.say("cli: %d runs per command after a warm-up, %d specs under %s on %s, launcher %s", runs, specs, prefix,
                address, launcher);
        try {
            seed();
            String first = "bench-0";
            measure("consul kv get (raw)", () -> {}, consulBin, "kv", "get", "-recurse", prefix + "/specs/services/");
            measure("get", () -> {}, launcher.toString(), "get", "svc");
            measure("get NAME", () -> {}, launcher.toString(), "get", "svc", first);
            measure("get -o yaml", () -> {}, launcher.toString(), "get", "svc", "-o", "yaml");
            measure("describe", () -> {}, launcher.toString(), "describe", "svc", first);
            measure("validate", () -> {}, launcher.toString(), "validate", "-f", docs.toString());
            int[] turn = {0};
            measure("apply (1 configured)", () -> writeDoc(0, "run-" + turn[0]++), launcher.toString(), "apply", "-f",
                    docs.toString());
            measure("sync (1 configured)", () -> writeDoc(0, "sync-" + turn[0]++), launcher.toString(), "sync",
                    docs.toString());
            measure("delete", () -> consul.kvPut(prefix + "/specs/services/bench-gone", doc("bench-gone", "x")),
                    launcher.toString(), "delete", "svc", "bench-gone");
            measure("locks", () -> {}, launcher.toString(), "locks");
            measure("fence", () -> {}, launcher.toString(), "fence", "--node", "clibench-no-such-node");
        } finally {
            consul.kvDelete(prefix, true);
        }
        bench.say("cli: medians (ms): %s", summary());
        bench.say("cli: get-median-ms = %d", Math.round(Bench.ms(Bench.median(results.get("get")))));
    }

    /** Specs (from the example Service, renamed) with Running statuses, a free lock and a held-looking one. */
    private void seed() throws IOException {
        docs = Files.createTempDirectory("converge-clibench");
        for (int i = 0; i < specs; i++) {
            writeDoc(i, "seed");
            consul.kvPut(prefix + "/specs/services/bench-" + i, doc("bench-" + i, "seed"));
            consul.kvPut(prefix + "/status/services/bench-" + i, """
                    {"phase":"Running","observedGeneration":1,"message":"bench","conditions":[{"type":"Ready",\
                    "status":"True","reason":"Running","lastTransitionTime":"2026-01-01T00:00:00Z","message":""}],\
                    "nodes":{"bench-node":{"role":"active"}}}""");
        }
        consul.kvPut(prefix + "/locks/services/bench-0", "{\"node\":\"bench-node\"}");
    }

    private void writeDoc(int i, String marker) {
        try {
            Files.writeString(docs.resolve("bench-" + i + ".json"), doc("bench-" + i, marker));
        } catch (IOException e) {
            throw new Bench.Failed("cannot write a bench document: " + e.getMessage());
        }
    }

    private static String doc(String name, String marker) {
        try {
            ObjectNode d = (ObjectNode) BenchConsul.JSON.readTree(Path.of("crds-as-json/examples/service-hello.json")
                    .toFile());
            ((ObjectNode) d.path("metadata")).put("name", name);
            ((ObjectNode) d.path("spec")).putObject("env").put("BENCH", marker);
            return BenchConsul.JSON.writeValueAsString(d);
        } catch (IOException e) {
            throw new Bench.Failed("cannot read crds-as-json/examples/service-hello.json: " + e.getMessage());
        }
    }

    /** One warm-up run, then {@code runs} timed ones, each after {@code before} (not timed); each must exit 0. */
    private void measure(String label, Runnable before, String... command) throws Exception {
        List<Long> times = new ArrayList<>();
        List<Long> cpu = new ArrayList<>();
        Path cpuFile = Files.createTempFile("converge-clibench", ".time");
        List<String> timed = new ArrayList<>();
        if (Files.isExecutable(time)) {
            timed.addAll(List.of(time.toString(), "-q", "-f", "%U %S", "-o", cpuFile.toString()));
        }
        timed.addAll(List.of(command));
        for (int i = 0; i <= runs; i++) {
            before.run();
            long t0 = System.nanoTime();
            ProcessBuilder pb = new ProcessBuilder(timed).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.PIPE);
            pb.environment().putAll(env);
            Process p = pb.start();
            String err = new String(p.getErrorStream().readAllBytes());
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new Bench.Failed(label + ": did not finish within 60 s");
            }
            long took = System.nanoTime() - t0;
            if (p.exitValue() != 0 && label.equals("get")) {
                throw new Bench.Failed(label + ": exit " + p.exitValue() + ": " + err.strip());
            }
            if (p.exitValue() != 0) {   // another build without this command or option: said, not counted
                bench.say("  %-34s failed: exit %d: %s", label, p.exitValue(), Bench.abbreviateLine(err));
                return;
            }
            if (i > 0) {
                times.add(took);
                cpuNanos(cpuFile).ifPresent(cpu::add);
            }
        }
        Files.deleteIfExists(cpuFile);
        results.put(label, times);
        bench.say(Bench.row(label, times) + (cpu.isEmpty() ? ""
                : String.format("   cpu median %6.1f ms", Bench.ms(Bench.median(cpu)))));
    }

    /** user + system seconds as /usr/bin/time wrote them, in nanoseconds. */
    private static java.util.Optional<Long> cpuNanos(Path file) throws IOException {
        String[] parts = Files.readString(file).trim().split("\\s+");
        if (parts.length != 2) {
            return java.util.Optional.empty();
        }
        double seconds = Double.parseDouble(parts[0]) + Double.parseDouble(parts[1]);
        return java.util.Optional.of(Math.round(seconds * 1e9));
    }

    private String summary() {
        List<String> parts = new ArrayList<>();
        results.forEach((label, times) -> parts.add(label + " " + Math.round(Bench.ms(Bench.median(times)))));
        return String.join(", ", parts);
    }
}
