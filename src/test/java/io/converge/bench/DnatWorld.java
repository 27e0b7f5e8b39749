package io.converge.bench;

import io.converge.it.NetRig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;

/**
 * Part (c) of the dnat bench: {@code BENCH_FORWARDS} PortForwards {@code fwd-0000...} on ports 20000... to as many
 * services, each with 2 instances (a on backend b0, b on b1, port {@value DnatBench#SINK_PORT}, passing TTL checks),
 * registered in the bench's agent; once converge's prerouting chain holds every forward, {@code BENCH_CHANGES} changes
 * of one instance's check, each among all the others: for a random service, b is put critical (untimed; the bench waits
 * until its chain lost the numgen map), then a is put critical (timed: the forward loses its rule, the probe is
 * refused) and passing again (timed: the probe connects), then b passing again (untimed, waited for). Timed with
 * {@link DnatFlips} as in (a), from the write's answer; converge re-renders and loads the whole table each time.
 */
final class DnatWorld {
    private static final int PARALLEL = 8;
    private final DnatBench db;

    DnatWorld(DnatBench db) {
        this.db = db;
    }

    DnatFlips.Samples run() throws Exception {
        NetRig.Host b0 = db.rig.backend(0);
        NetRig.Host b1 = db.rig.backend(1);
        long t = System.nanoTime();
        parallel(i -> register(i, "a", b0));
        parallel(i -> register(i, "b", b1));
        double registered = (System.nanoTime() - t) / 1e9;
        t = System.nanoTime();
        parallel(i -> db.consul.kvPut(db.prefix + "/specs/portforwards/" + name(i), "{\"apiVersion\":\"converge/v1\","
                + "\"kind\":\"PortForward\",\"metadata\":{\"name\":\"" + name(i) + "\"},\"spec\":{\"service\":\""
                + name(i) + "\",\"port\":" + (20000 + i) + "}}"));
        db.bench.say("  registered %d instances in %.1fs, put %d PortForwards", 2 * db.forwards, registered,
                db.forwards);
        if (!Bench.waitUntil(() -> jumps() == db.forwards, Duration.ofSeconds(300), 500)) {
            throw new Bench.Failed("converge's prerouting chain held " + jumps() + " of " + db.forwards
                    + " forwards after 300s; see " + db.converge.logFile());
        }
        db.bench.say("  converge's tables held all %d forwards %.1fs after the first PortForward was put",
                db.forwards, (System.nanoTime() - t) / 1e9);
        Bench.sleep(Math.max(1, db.settle));
        List<Integer> picks = IntStream.range(0, db.forwards).boxed().collect(java.util.stream.Collectors.toList());
        Collections.shuffle(picks);
        DnatFlips flips = new DnatFlips(db.probe, Duration.ofSeconds(60), db.settle);
        DnatFlips.Samples s = new DnatFlips.Samples();
        String before = ConsulRequests.scrape(db.converge.httpPort());
        for (int j = 0; s.all().size() < db.changes; j++) {
            int i = picks.get(j % picks.size());
            String a = name(i) + "-a-ttl";
            String b = name(i) + "-b-ttl";
            DnatLatency.flip(db.consul, b, false);
            awaitChain(i, false);
            flips.one(20000 + i, false, DnatFlips.From.RETURN, ok -> DnatLatency.flip(db.consul, a, ok), s);
            if (s.all().size() < db.changes) {
                flips.one(20000 + i, true, DnatFlips.From.RETURN, ok -> DnatLatency.flip(db.consul, a, ok), s);
            } else {
                DnatLatency.flip(db.consul, a, true);
            }
            DnatLatency.flip(db.consul, b, true);
            awaitChain(i, true);
        }
        String after = ConsulRequests.scrape(db.converge.httpPort());
        db.bench.say(Bench.row("converge: critical → refused", s.toFail()));
        db.bench.say(Bench.row("converge: passing → answers", s.toOk()));
        db.bench.say(Bench.row("converge: all changes", s.all()));
        DnatLatency.say(db.bench, before, after, db.forwards + " forwards (untimed changes included)");
        return s;
    }

    private void register(int i, String which, NetRig.Host host) {
        String id = name(i) + "-" + which;
        db.consul.json("PUT", "/v1/agent/service/register", "{\"ID\":\"" + id + "\",\"Name\":\"" + name(i)
                + "\",\"Address\":\"" + host.v4() + "\",\"Port\":" + DnatBench.SINK_PORT + ",\"Check\":{\"CheckID\":\""
                + id + "-ttl\",\"TTL\":\"24h\",\"Status\":\"passing\"}}");
    }

    static String name(int i) {
        return String.format("fwd-%04d", i);
    }

    /** How many forwards of the world converge's prerouting chain jumps to. */
    private int jumps() {
        String out = db.rig.exec(db.rig.node(), "nft", "list", "chain", "ip", "converge", "prerouting").out();
        return (int) out.lines().filter(l -> l.contains("jump pf-fwd-")).count();
    }

    /** Waits until forward {@code i}'s chain balances over two backends ({@code two}) or goes to one. */
    private void awaitChain(int i, boolean two) throws InterruptedException {
        if (!Bench.waitUntil(() -> db.rig.exec(db.rig.node(), "nft", "list", "chain", "ip", "converge",
                "pf-" + name(i)).out().contains("numgen") == two, Duration.ofSeconds(60), 20)) {
            throw new Bench.Failed("chain pf-" + name(i) + " did not go to " + (two ? "two backends" : "one")
                    + " within 60s; see " + db.converge.logFile());
        }
    }

    /** Runs the step for every forward number, {@value #PARALLEL} at a time; the first failure fails it. */
    private void parallel(IntConsumer step) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(PARALLEL);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < db.forwards; i++) {
                int n = i;
                done.add(pool.submit(() -> step.accept(n)));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
