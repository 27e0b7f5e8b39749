package io.converge.bench;

import io.converge.it.RawDnsQuery;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;

/**
 * A DNS probe from the bench's JVM to an authoritative server on 127.0.0.1: one {@code CNAME} question for one name
 * over UDP without recursion ({@link RawDnsQuery}, well under a millisecond on loopback), {@code gap} apart, until the
 * answer says the awaited thing: {@code "CNAME <target>"} (the answer section holds that CNAME) or {@value #NONE} (it
 * holds no CNAME: NXDOMAIN or no data). Only the answer section counts, so that a zone serial moving in a negative
 * answer's SOA does not pass for the change. Times are {@link System#nanoTime()}; a hit is the start of the first
 * query answered with the awaited thing (the server served it between that start and the reply), and the distance to
 * the start of the query before it is the probe's resolution. Queries that got no reply are counted
 * ({@link #failures}). Not thread-safe: one wait at a time.
 */
final class DnsProbe {
    /** What a reply without a CNAME in its answer section reads as. */
    static final String NONE = "none";

    private final int port;
    private final String name;
    private final Duration gap;
    private final Map<String, Integer> failures = new TreeMap<>();

    DnsProbe(int port, String name, Duration gap) {
        this.port = port;
        this.name = name;
        this.gap = gap;
    }

    /** One query: {@code "CNAME <target>"} (targets joined by spaces), {@value #NONE}, or null without a reply. */
    String ask() {
        try {
            return read(RawDnsQuery.ask(port, name, "CNAME"));
        } catch (IOException e) {
            synchronized (failures) {
                failures.merge(e.getClass().getSimpleName() + ": " + e.getMessage(), 1, Integer::sum);
            }
            return null;
        }
    }

    /** What a reply says about the name's CNAME. */
    static String read(byte[] reply) throws IOException {
        List<String> targets = new ArrayList<>();
        for (Record r : new Message(reply).getSection(Section.ANSWER)) {
            if (r instanceof CNAMERecord c) {
                targets.add(c.getTarget().toString());
            }
        }
        return targets.isEmpty() ? NONE : "CNAME " + String.join(" ", targets);
    }

    /** The queries without a reply so far, by what went wrong. */
    Map<String, Integer> failures() {
        synchronized (failures) {
            return new TreeMap<>(failures);
        }
    }

    /**
     * Probes until the answer is {@code want}, making the change once the first query got something else (the
     * previous state): returns the hit; fails when the first query already got {@code want} or the limit passed.
     */
    HttpProbe.Hit change(String want, HttpProbe.Change change, Duration limit) throws Exception {
        CountDownLatch first = new CountDownLatch(1);
        CompletableFuture<HttpProbe.Hit> hit = CompletableFuture.supplyAsync(() -> loop(want, limit, first));
        if (!first.await(limit.toMillis(), TimeUnit.MILLISECONDS) || hit.isDone()) {
            join(hit);
            throw new Bench.Failed("the probe of " + name + " answered " + want + " before the change");
        }
        change.make();
        return join(hit);
    }

    /** Waits for {@code want} with no change to make it (a state to reach before timing). */
    HttpProbe.Hit await(String want, Duration limit) {
        return loop(want, limit, new CountDownLatch(1));
    }

    private HttpProbe.Hit loop(String want, Duration limit, CountDownLatch first) {
        long deadline = System.nanoTime() + limit.toNanos();
        long previous = 0;
        int attempts = 0;
        int others = 0;
        while (System.nanoTime() < deadline) {
            long at = System.nanoTime();
            String got = ask();
            attempts++;
            if (want.equals(got)) {
                return new HttpProbe.Hit(at, previous, attempts, others);
            }
            others += got == null ? 1 : 0;
            first.countDown();
            previous = at;
            pause();
        }
        throw new Bench.Failed("the probe of " + name + " at 127.0.0.1:" + port + " got no '" + want + "' within "
                + limit + " (" + attempts + " queries, last answer '" + ask() + "')");
    }

    private void pause() {
        try {
            Thread.sleep(gap.toMillis(), (int) (gap.toNanos() % 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static HttpProbe.Hit join(CompletableFuture<HttpProbe.Hit> hit) {
        try {
            return hit.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
    }
}
