package io.converge.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.converge.it.ConsulAgent;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * CI's smoke run of the benchmarks: each once with the smallest settings, so that they keep compiling and
 * running. Not timed, and nothing is asserted on the figures: only that the bench finished and printed its last
 * line with a number (and, for the catalog bench, that a health change enqueued only the resource referencing the
 * service, once).
 */
class BenchSmokeIT {

    @Test
    void theServiceBenchRunsToItsLastLine() throws Exception {
        try (ConsulAgent consul = new ConsulAgent("it-bench-smoke")) {
            consul.start();
            List<String> out = run(o -> ServiceBench.run(Map.of("BENCH_CONSUL_ADDR", consul.address(),
                    "BENCH_ITERATIONS", "1", "BENCH_SERVICES", "2", "BENCH_IDLE_SECONDS", "2",
                    "BENCH_EMPTY_SECONDS", "1", "BENCH_SETTLE_SECONDS", "0.1"), o));
            assertThat(out.get(out.size() - 1)).matches("service: put-to-running / raw-start = \\d+\\.\\d\\d");
            assertThat(out).anyMatch(l -> l.matches("\\s+\\d+\\s+GET /v1/kv \\(blocking\\)"));
        }
    }

    @Test
    void theCliBenchRunsToItsLastLine() throws Exception {
        try (ConsulAgent consul = new ConsulAgent("it-bench-smoke-cli")) {
            consul.start();
            List<String> out = run(o -> CliBench.run(Map.of("BENCH_CONSUL_ADDR", consul.address(),
                    "BENCH_RUNS", "1", "BENCH_SPECS", "1"), o));
            assertThat(out.get(out.size() - 1)).matches("cli: get-median-ms = \\d+");
        }
    }

    @Test
    void theFailoverBenchRunsToItsLastLine() throws Exception {
        List<String> out = run(o -> FailoverBench.run(Map.of("BENCH_SMOKE", "1", "BENCH_RUNS", "1",
                "BENCH_RAW_SAMPLES", "1", "BENCH_SETTLE_SECONDS", "0.2",
                "BENCH_CLUSTER_NET", System.getProperty("converge.it.bench-net", "127.0.9")), o));
        assertThat(out.get(out.size() - 1)).matches("failover: total / \\(detection \\+ lockDelay \\+ start\\) = "
                + "\\d+\\.\\d\\d");
    }

    @Test
    void theCatalogBenchRunsToItsLastLineWithoutSpuriousEnqueues() throws Exception {
        List<String> out = run(o -> CatalogBench.run(Map.of("BENCH_SERVICES", "50", "BENCH_CHANGES", "3",
                "BENCH_IDLE_SECONDS", "2", "BENCH_SETTLE_SECONDS", "0.3"), o));
        assertThat(out.get(out.size() - 1)).matches("catalog: change-to-enqueue-ms-p50 = \\d+\\.\\d");
        assertThat(out).contains("  spurious enqueues (passes of other PortForwards): 0; repeated passes of the "
                + "changed one: 0");
    }

    @Test
    void theDnatBenchRunsToItsLastLine() throws Exception {
        List<String> out = run(o -> DnatBench.run(Map.of("BENCH_FORWARDS", "5", "BENCH_SAMPLES", "1",
                "BENCH_CHANGES", "2", "BENCH_SETTLE_SECONDS", "0.1"), o));
        assertThat(out.get(out.size() - 1)).matches("dnat: apply-5 / raw-nft = \\d+\\.\\d\\d");
        assertThat(out).anyMatch(l -> l.matches("\\s+converge: all changes\\s+median.*\\(n=2\\)"));
    }

    @Test
    void theRoutesBenchRunsToItsLastLine() throws Exception {
        List<String> out = run(o -> RoutesBench.run(Map.of("BENCH_CHANGES", "2", "BENCH_SETTLE_SECONDS", "0.1",
                "BENCH_WRK_SECONDS", "1", "BENCH_WRK_CONNECTIONS", "4"), o));
        assertThat(out.get(out.size() - 1)).matches("routes: catalog-to-live-ms-p50 = \\d+\\.\\d, proxied/direct = "
                + "\\d+\\.\\d\\d");
        assertThat(out).anyMatch(l -> l.matches("\\s+converge: all changes\\s+median.*\\(n=2\\)"));
        assertThat(out).anyMatch(l -> l.matches("\\s+round 1 ldap\\s+\\d+ req/s.*non-2xx 0, socket errors none;.*"));
    }

    @Test
    void theDnsBenchRunsToItsLastLine() throws Exception {
        List<String> out = run(o -> DnsBench.run(Map.of("BENCH_CHANGES", "2", "BENCH_SETTLE_SECONDS", "0.1"), o));
        assertThat(out.get(out.size() - 1)).matches("dns: event-to-answer-ms-p50 = \\d+\\.\\d \\(powerdns\\), "
                + "\\d+\\.\\d \\(rfc2136\\)");
        assertThat(out).filteredOn(l -> l.matches("\\s+converge: all changes\\s+median.*\\(n=2\\)")).hasSize(2);
    }

    private interface Bench {
        int run(PrintStream out) throws Exception;
    }

    /** Runs a bench with its output both shown and kept; fails unless it exited 0; returns its lines. */
    private static List<String> run(Bench bench) throws Exception {
        ByteArrayOutputStream kept = new ByteArrayOutputStream();
        OutputStream both = new OutputStream() {
            @Override
            public void write(int b) {
                kept.write(b);
                System.out.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                kept.write(b, off, len);
                System.out.write(b, off, len);
            }
        };
        int exit = bench.run(new PrintStream(both, true, StandardCharsets.UTF_8));
        String text = kept.toString(StandardCharsets.UTF_8);
        assertThat(exit).as("exit status; output:%n%s", text).isZero();
        return text.lines().toList();
    }
}
