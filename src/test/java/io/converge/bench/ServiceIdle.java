package io.converge.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Phases (b0), (b) and (c) of the service bench: converge idle with no Service, then with many running: its
 * Consul requests by endpoint (its own counter), its CPU time and its resident memory.
 */
final class ServiceIdle {
    /** The idle window with the Services running. */
    record Result(long requests, double window, double cpu, long rssKb) {
    }

    private final ServiceBench sb;
    private final Bench bench;

    ServiceIdle(ServiceBench sb) {
        this.sb = sb;
        this.bench = sb.bench;
    }

    /** (b0) idle with no Service under its prefix. */
    void empty() throws Exception {
        Thread.sleep(2000);
        Window w = Window.open(sb);
        Thread.sleep(sb.emptySeconds * 1000L);
        Window.Closed c = w.close();
        bench.say("(b0) idle with no Service under its prefix, %.0fs: %d HTTP requests to Consul (%.0f/60s); CPU "
                        + "%.2fs (%.2f s/60s)", c.seconds(), c.requests().total(), c.perMinute(c.requests().total()),
                c.cpu(), c.perMinute(c.cpu()));
        c.requests().top(3).forEach(bench::say);
    }

    /** (b) and (c): Services running, then idle. */
    Result withServices() throws Exception {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < sb.services; i++) {
            names.add(String.format("%s-s%03d", sb.svc, i));
        }
        bench.say("(b)(c) %d Services (no hostPort, http check every 10s), then %ds idle", sb.services, sb.idleSeconds);
        ConsulRequests apply0 = sb.requests();
        long t0 = System.nanoTime();
        for (String n : names) {
            sb.consul.kvPut(sb.specKey(n), BenchConsul.JSON.writeValueAsString(sb.serviceDoc(n, 0, "10s")));
        }
        double puts = since(t0);
        if (!Bench.waitUntil(() -> started(names) == names.size(), Duration.ofSeconds(180), 100)) {
            throw new Bench.Failed("only " + started(names) + "/" + names.size() + " containers started in 180s");
        }
        double running = since(t0);
        if (!Bench.waitUntil(() -> count("passing") == names.size(), Duration.ofSeconds(120), 200)) {
            throw new Bench.Failed("only " + count("passing") + "/" + names.size() + " checks passing after 120s");
        }
        double passing = since(t0);
        if (!Bench.waitUntil(() -> count("tagged") == names.size(), Duration.ofSeconds(60), 200)) {
            bench.say("  note: only %d/%d registrations tagged running after 60s", count("tagged"), names.size());
        }
        bench.say("  %d puts took %.1fs; all running after %.1fs, all passing after %.1fs, all tagged running after "
                + "%.1fs", names.size(), puts, running, passing, since(t0));
        Thread.sleep(Math.min(10, sb.idleSeconds) * 1000L);   // let the last reconciles and re-registrations settle
        ConsulRequests up = sb.requests().since(apply0);
        bench.say("  converge made %d HTTP requests to Consul from the first put until %ds after all were tagged "
                + "running (%.1f per Service)", up.total(), Math.min(10, sb.idleSeconds), (double) up.total() / names.size());
        Window w = Window.open(sb);
        Thread.sleep(sb.idleSeconds * 1000L);
        Window.Closed c = w.close();
        long pid = sb.converge.pid();
        long rss = Bench.status(pid, "VmRSS");
        bench.say("  idle %.0fs: %d HTTP requests to Consul (%.1f/60s, %.1f kB received); CPU %.2fs (%.2f s/60s)",
                c.seconds(), c.requests().total(), c.perMinute(c.requests().total()), c.requests().bytes() / 1024,
                c.cpu(), c.perMinute(c.cpu()));
        c.requests().top(8).forEach(bench::say);
        bench.say("  resident memory with %d Services: VmRSS %.0f MiB (peak VmHWM %.0f MiB), %d threads", names.size(),
                rss / 1024.0, Bench.status(pid, "VmHWM") / 1024.0, Bench.status(pid, "Threads"));
        long restarted = names.stream().filter(n -> !sb.docker.recorded(e -> "destroy".equals(e.action())
                && n.equals(e.attr("io.converge.service"))).isEmpty()).count();
        if (restarted > 0) {
            bench.say("  note: %d of the %d containers were destroyed while they should have run", restarted,
                    names.size());
        }
        teardown(names.size());
        return new Result(c.requests().total(), c.seconds(), c.cpu(), rss);
    }

    private void teardown(int n) throws Exception {
        ConsulRequests before = sb.requests();
        long t1 = System.nanoTime();
        sb.consul.kvDelete(sb.prefix + "/specs/services/", true);
        boolean gone = Bench.waitUntil(() -> sb.benchContainers().isEmpty() && sb.benchRegistrations().isEmpty(),
                Duration.ofSeconds(240), 250);
        bench.say("  delete of all %d specs (one recursive delete): containers and registrations gone after %.1fs%s",
                n, since(t1), gone ? "" : " (NOT all gone after 240s)");
        Bench.waitUntil(() -> sb.consul.get("/v1/kv/" + sb.prefix + "/status/services/?keys").status() == 404,
                Duration.ofSeconds(30), 250);
        long teardown = sb.requests().since(before).total();
        bench.say("  ... and %d HTTP requests to Consul for that teardown (%.1f per Service)", teardown,
                (double) teardown / n);
    }

    private long started(List<String> names) {
        return names.stream().filter(n -> !sb.docker.recorded(e -> "start".equals(e.action())
                && n.equals(e.attr("io.converge.service"))).isEmpty()).count();
    }

    /** How many of the bench's (s) registrations are passing, or tagged running. */
    private int count(String what) {
        int n = 0;
        String prefix = "converge-" + sb.svc + "-s";
        if (what.equals("passing")) {
            for (JsonNode c : sb.consul.json("GET", "/v1/agent/checks", null)) {
                n += c.path("ServiceID").asText().startsWith(prefix) && "passing".equals(c.path("Status").asText())
                        ? 1 : 0;
            }
            return n;
        }
        var services = sb.consul.json("GET", "/v1/agent/services", null).fields();
        while (services.hasNext()) {
            var s = services.next();
            boolean running = false;
            for (JsonNode t : s.getValue().path("Tags")) {
                running |= "running".equals(t.asText());
            }
            n += s.getKey().startsWith(prefix) && running ? 1 : 0;
        }
        return n;
    }

    private static double since(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

    /** A measured window: Consul requests (converge's counter) and CPU seconds between open and close. */
    private record Window(ServiceBench sb, ConsulRequests requests, double cpu, long t0) {
        record Closed(ConsulRequests requests, double cpu, double seconds) {
            double perMinute(double v) {
                return v * 60 / seconds;
            }
        }

        static Window open(ServiceBench sb) throws Exception {
            return new Window(sb, sb.requests(), Bench.cpuSeconds(sb.converge.pid()), System.nanoTime());
        }

        Closed close() throws Exception {
            double cpu1 = Bench.cpuSeconds(sb.converge.pid());
            double seconds = (System.nanoTime() - t0) / 1e9;
            return new Closed(sb.requests().since(requests), cpu1 - cpu, seconds);
        }
    }
}
