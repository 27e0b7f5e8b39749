package io.converge.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.converge.it.ConsulAgent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Phase (a) of the service bench: put-to-running of fresh Services, one at a time, alternating with a raw
 * Docker create+start of the same container config, each after a quiet settle.
 */
final class ServiceLatency {
    /** The samples in nanoseconds. */
    record Result(List<Long> create, List<Long> run, List<Long> reg, List<Long> pass, List<Long> tag, List<Long> del,
                  List<Long> raw, List<Long> rawApi) {
    }

    private record Converged(long create, long run, long reg, long pass, long tag, long del) {
    }

    private record Raw(long start, long api) {
    }

    private final ServiceBench sb;
    private final Bench bench;

    ServiceLatency(ServiceBench sb) {
        this.sb = sb;
        this.bench = sb.bench;
    }

    Result run() throws Exception {
        int hostPort = ConsulAgent.freePort();
        bench.say("(a) put-to-running over %d fresh Services (check interval %s, hostPort %d) and %d raw create+start,"
                        + " alternating, %ss quiet before each; one unmeasured warm-up of each", sb.iterations,
                sb.checkInterval, hostPort, sb.iterations, sb.settle);
        converge(sb.svc + "-w000", hostPort);
        raw(0, hostPort);
        Result r = new Result(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>(),
                new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        for (int i = 1; i <= sb.iterations; i++) {
            Converged c;
            Raw w;
            String name = String.format("%s-a%03d", sb.svc, i);
            if (i % 2 == 1) {      // alternate which goes first, so neither always follows the other's teardown
                c = converge(name, hostPort);
                w = raw(i, hostPort);
            } else {
                w = raw(i, hostPort);
                c = converge(name, hostPort);
            }
            r.create().add(c.create());
            r.run().add(c.run());
            r.reg().add(c.reg());
            r.pass().add(c.pass());
            r.tag().add(c.tag());
            r.del().add(c.del());
            r.raw().add(w.start());
            r.rawApi().add(w.api());
        }
        bench.say(Bench.row("put -> container created", r.create()));
        bench.say(Bench.row("put -> container running", r.run()));
        bench.say(Bench.row("put -> registered in agent", r.reg()));
        bench.say(Bench.row("put -> check passing", r.pass()));
        bench.say(Bench.row("put -> registration tagged running", r.tag()));
        bench.say(Bench.row("delete -> container removed", r.del()));
        bench.say(Bench.row("raw docker create+start (event)", r.raw()));
        bench.say(Bench.row("raw docker create+start (API ret)", r.rawApi()));
        return r;
    }

    /** (registered, own checks passing, tags) of converge-NAME in the agent. */
    private record AgentHealth(boolean registered, boolean passing, boolean tagged) {
    }

    private AgentHealth health(String name) {
        BenchConsul.Answer a = sb.consul.get("/v1/agent/health/service/id/converge-" + name);
        if (a.status() == 404) {
            return new AgentHealth(false, false, false);
        }
        JsonNode doc = a.json();
        // the instance's own checks: the aggregate also counts the node's checks (another tool's, a dead converge's)
        int own = 0;
        boolean passing = true;
        for (JsonNode c : doc.path("Checks")) {
            if (("converge-" + name).equals(c.path("ServiceID").asText())) {
                own++;
                passing &= "passing".equals(c.path("Status").asText());
            }
        }
        boolean tagged = false;
        for (JsonNode t : doc.path("Service").path("Tags")) {
            tagged |= "running".equals(t.asText());
        }
        return new AgentHealth(true, own > 0 && passing, tagged);
    }

    private Converged converge(String name, int hostPort) throws Exception {
        Bench.sleep(sb.settle);
        long t0 = Bench.wallNanos();
        sb.consul.kvPut(sb.specKey(name), BenchConsul.JSON.writeValueAsString(
                sb.serviceDoc(name, hostPort, sb.checkInterval)));
        long registered = 0;
        long passing = 0;
        long tagged = 0;
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline && tagged == 0) {
            AgentHealth h = health(name);
            long now = Bench.wallNanos();
            registered = registered == 0 && h.registered() ? now : registered;
            passing = passing == 0 && h.passing() ? now : passing;
            tagged = h.passing() && h.tagged() ? now : 0;
            Thread.sleep(10);
        }
        var started = sb.docker.await(e -> "start".equals(e.action()) && managed(e, name), Duration.ofSeconds(5));
        var created = sb.docker.await(e -> "create".equals(e.action()) && managed(e, name), Duration.ZERO);
        if (started.isEmpty() || created.isEmpty() || registered == 0 || passing == 0 || tagged == 0) {
            throw new Bench.Failed(name + ": not running/registered/passing/tagged within 60s (start " + started
                    .isPresent() + ", registered " + (registered > 0) + ", passing " + (passing > 0) + ", tagged "
                    + (tagged > 0) + ")");
        }
        long tDel = Bench.wallNanos();
        sb.consul.kvDelete(sb.specKey(name), false);
        var destroyed = sb.docker.await(e -> "destroy".equals(e.action()) && managed(e, name), Duration.ofSeconds(60));
        if (destroyed.isEmpty() || !Bench.waitUntil(() -> !health(name).registered(), Duration.ofSeconds(30), 20)) {
            throw new Bench.Failed(name + ": container or registration not removed within 60s of the delete");
        }
        return new Converged(created.get().timeNano() - t0, started.get().timeNano() - t0, registered - t0,
                passing - t0, tagged - t0, destroyed.get().timeNano() - tDel);
    }

    private static boolean managed(BenchDocker.Ev e, String service) {
        return "true".equals(e.attr("io.converge.managed")) && service.equals(e.attr("io.converge.service"));
    }

    private Raw raw(int i, int hostPort) throws Exception {
        String name = String.format("%s-%03d", sb.raw, i);
        Map<String, String> labels = Map.of("io.converge.managed", "bench-raw", "io.converge.service", name,
                "io.converge.node", sb.node, "io.converge.spec-hash", "0123456789abcdef");
        Bench.sleep(sb.settle);
        long t0 = Bench.wallNanos();
        String id = sb.docker.create(name, sb.image, labels, hostPort);
        sb.docker.start(id);
        long returned = Bench.wallNanos();
        var started = sb.docker.await(e -> "start".equals(e.action()) && id.equals(e.id()), Duration.ofSeconds(10));
        sb.docker.stopAndRemove(id);      // as converge removes: stop, then remove
        sb.docker.await(e -> "destroy".equals(e.action()) && id.equals(e.id()), Duration.ofSeconds(30));
        if (started.isEmpty()) {
            throw new Bench.Failed("no start event for the reference container " + name);
        }
        return new Raw(started.get().timeNano() - t0, returned - t0);
    }
}
