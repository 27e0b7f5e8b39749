package io.converge.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Times changes that make a forward's port answer or stop answering, with the {@link TcpProbe}: the probe starts
 * connecting (and has made one attempt with the old outcome) before the change is made; the latency runs from the
 * bench's instant {@code from} (just before the change, or once the change's request returned) to the start of the
 * probe's first attempt with the new outcome.
 */
final class DnatFlips {
    /** Makes one change: a Consul write, an {@code nft -f}... returns once its request returned. */
    interface Change {
        void make(boolean ok) throws Exception;
    }

    /** Where a latency starts. */
    enum From {
        /** just before the change is made */
        START,
        /** once the change's request returned */
        RETURN
    }

    /**
     * The latencies of the changes to "answers" and to "refused", the probe's resolution at each and the change's
     * request (in ns), and how many probe connections timed out (neither established nor refused) while waiting.
     */
    record Samples(List<Long> toOk, List<Long> toFail, List<Long> resolution, List<Long> request,
                   java.util.concurrent.atomic.AtomicInteger others) {
        Samples() {
            this(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>(),
                    new java.util.concurrent.atomic.AtomicInteger());
        }

        List<Long> all() {
            List<Long> all = new ArrayList<>(toOk);
            all.addAll(toFail);
            return all;
        }
    }

    private final TcpProbe probe;
    private final Duration limit;
    private final double settle;

    DnatFlips(TcpProbe probe, Duration limit, double settleSeconds) {
        this.probe = probe;
        this.limit = limit;
        this.settle = settleSeconds;
    }

    /** Changes {@code port} from answering to refused and back, {@code changes} times in all, starting with fail. */
    Samples alternate(int port, int changes, From from, Change change) throws Exception {
        Samples s = new Samples();
        for (int i = 0; i < changes; i++) {
            one(port, i % 2 == 1, from, change, s);
        }
        return s;
    }

    /** One timed change of {@code port} to answering ({@code ok}) or refused; adds its figures to {@code s}. */
    void one(int port, boolean ok, From from, Change change, Samples s) throws Exception {
        if (probe.expect(ok, port, limit).isPresent()) {
            throw new Bench.Failed("port " + port + " was already " + (ok ? "answering" : "refused")
                    + " before the change");
        }
        long start = Bench.wallNanos();
        change.make(ok);
        long returned = Bench.wallNanos();
        TcpProbe.Hit hit = probe.hit();
        (ok ? s.toOk() : s.toFail()).add(hit.atNanos() - (from == From.START ? start : returned));
        s.resolution().add(hit.resolutionNanos());
        s.request().add(returned - start);
        s.others().addAndGet(hit.others());
        Bench.sleep(settle);
    }
}
