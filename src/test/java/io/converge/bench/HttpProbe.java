package io.converge.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * An HTTP probe from the bench's JVM through a proxy on 127.0.0.1: {@code GET /} with a {@code Host} header, each on a
 * fresh TCP connection ({@code Connection: close}, so that every request sees the proxy's configuration of the moment
 * it is accepted, not one a kept-alive connection was opened under), {@code gap} apart, until one is answered 200 with
 * the awaited body (the backends answer their name). Times are {@link System#nanoTime()}. The change became live
 * between the start of the hit and the start of the request before it: their distance is the probe's resolution (one
 * request through the proxy plus the gap, about a millisecond on loopback). Requests answered otherwise than 200 are
 * counted by what they got ({@link #failures}). Not thread-safe: one wait at a time.
 */
final class HttpProbe {
    /**
     * The first request answered with the awaited body.
     *
     * @param atNanos       when it started
     * @param previousNanos when the request before it started (0 when it was the first)
     * @param attempts      requests made, this one included
     * @param others        requests that got neither body of the two backends (an error, another status)
     */
    record Hit(long atNanos, long previousNanos, int attempts, int others) {
        long resolutionNanos() {
            return previousNanos == 0 ? 0 : atNanos - previousNanos;
        }
    }

    /** Something that makes the change: a Consul write, an admin-API request. */
    interface Change {
        void make() throws Exception;
    }

    private final int port;
    private final String host;
    private final Duration gap;
    private final byte[] request;
    private final Map<String, Integer> failures = new ConcurrentHashMap<>();

    HttpProbe(int port, String host, Duration gap) {
        this.port = port;
        this.host = host;
        this.gap = gap;
        this.request = ("GET / HTTP/1.1\r\nHost: " + host + "\r\nUser-Agent: converge-bench\r\n"
                + "Connection: close\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    /** One request: the trimmed body of a 200 answer, or null for anything else (another status, an error). */
    String get() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            s.setSoTimeout(2000);
            s.setTcpNoDelay(true);
            OutputStream out = s.getOutputStream();
            out.write(request);
            out.flush();
            InputStream in = s.getInputStream();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            in.transferTo(all);
            String answer = all.toString(StandardCharsets.ISO_8859_1);
            int end = answer.indexOf("\r\n\r\n");
            if (!answer.startsWith("HTTP/1.1 200 ") || end < 0) {
                String got = answer.isEmpty() ? "no answer" : answer.lines().findFirst().orElse("");
                failures.merge(got, 1, Integer::sum);
                return null;
            }
            return answer.substring(end + 4).trim();
        } catch (IOException e) {
            failures.merge(e.getClass().getSimpleName() + ": " + e.getMessage(), 1, Integer::sum);
            return null;
        }
    }

    /** The requests that got no 200 so far, by what they got instead (a status line, an exception). */
    Map<String, Integer> failures() {
        return new TreeMap<>(failures);
    }

    /**
     * Probes until the answer is {@code want}, making the change once the first request got something else (the
     * previous state): returns the hit; fails when the first request already got {@code want} or the limit passed.
     */
    Hit change(String want, Change change, Duration limit) throws Exception {
        CountDownLatch first = new CountDownLatch(1);
        CompletableFuture<Hit> hit = CompletableFuture.supplyAsync(() -> loop(want, limit, first));
        if (!first.await(limit.toMillis(), TimeUnit.MILLISECONDS) || hit.isDone()) {
            join(hit);
            throw new Bench.Failed("the probe of " + host + " answered " + want + " before the change");
        }
        change.make();
        return join(hit);
    }

    /** Waits for {@code want} with no change to make it (a state to reach before timing). */
    Hit await(String want, Duration limit) {
        return loop(want, limit, new CountDownLatch(1));
    }

    private Hit loop(String want, Duration limit, CountDownLatch first) {
        long deadline = System.nanoTime() + limit.toNanos();
        long previous = 0;
        int attempts = 0;
        int others = 0;
        while (System.nanoTime() < deadline) {
            long at = System.nanoTime();
            String got = get();
            attempts++;
            if (want.equals(got)) {
                return new Hit(at, previous, attempts, others);
            }
            if (got == null) {
                others++;
            }
            first.countDown();
            previous = at;
            pause();
        }
        throw new Bench.Failed("the probe of " + host + " on port " + port + " got no " + want + " within " + limit
                + " (" + attempts + " requests, last answer " + get() + ")");
    }

    private void pause() {
        if (!gap.isZero()) {
            try {
                Thread.sleep(gap.toMillis(), (int) (gap.toNanos() % 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static Hit join(CompletableFuture<Hit> hit) {
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
