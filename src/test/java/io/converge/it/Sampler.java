package io.converge.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.URLEncoder;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Watches the running containers of one service of one KV prefix across the whole cluster (all nodes share the
 * local dockerd): every {@code period} it lists them through the Docker API on the unix socket and keeps the
 * highest and lowest count seen and a timeline of every change. A split brain shows as a count above the
 * expected one, an outage as a count of 0.
 */
final class Sampler implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path SOCKET = Path.of(System.getProperty("converge.it.docker-socket",
            "/var/run/docker.sock"));

    /** One observation: milliseconds since the sampler started and the running containers (id → node). */
    record Sample(long millis, Map<String, String> containers) {
        int count() {
            return containers.size();
        }

        @Override
        public String toString() {
            List<String> parts = new ArrayList<>();
            containers.forEach((id, node) -> parts.add(node + ":" + id.substring(0, 12)));
            return String.format("+%6.3fs %d %s", millis / 1000.0, containers.size(), parts);
        }
    }

    private final String query;
    private final Duration period;
    private final long t0 = System.nanoTime();
    private final List<Sample> changes = new ArrayList<>();
    private final Thread thread;
    private volatile boolean stopped;
    private Sample last;
    private int max = Integer.MIN_VALUE;
    private int min = Integer.MAX_VALUE;
    private int samples;
    private int errors;
    private String lastError = "";

    private Sampler(String service, String prefix, Duration period) {
        String filters = "{\"label\":[\"io.converge.service=" + service + "\",\"io.converge.prefix=" + prefix
                + "\"],\"status\":[\"running\"]}";
        this.query = "/containers/json?filters=" + URLEncoder.encode(filters, StandardCharsets.UTF_8);
        this.period = period;
        this.thread = new Thread(this::loop, "sampler-" + service);
        this.thread.setDaemon(true);
    }

    /** Starts sampling at once (the first sample is taken before this returns). */
    static Sampler start(String service, String prefix) throws IOException {
        Sampler s = new Sampler(service, prefix, Duration.ofMillis(100));
        s.record(s.list());
        s.thread.start();
        return s;
    }

    private void loop() {
        while (!stopped) {
            long next = System.nanoTime() + period.toNanos();
            try {
                record(list());
            } catch (IOException | RuntimeException e) {
                synchronized (this) {
                    errors++;
                    lastError = e.toString();
                }
            }
            long sleep = next - System.nanoTime();
            if (sleep > 0) {
                try {
                    Thread.sleep(sleep / 1_000_000, (int) (sleep % 1_000_000));
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    private synchronized void record(Map<String, String> containers) {
        Sample s = new Sample((System.nanoTime() - t0) / 1_000_000, containers);
        samples++;
        max = Math.max(max, s.count());
        min = Math.min(min, s.count());
        if (last == null || !last.containers().equals(containers)) {
            changes.add(s);
        }
        last = s;
    }

    private Map<String, String> list() throws IOException {
        return list(query);
    }

    /** The running containers of a service of a KV prefix now: id → node label. */
    static Map<String, String> running(String service, String prefix) throws IOException {
        return new Sampler(service, prefix, Duration.ZERO).list();
    }

    private static Map<String, String> list(String query) throws IOException {
        Map<String, String> running = new TreeMap<>();
        for (JsonNode c : JSON.readTree(get(query))) {
            running.put(c.path("Id").asText(), c.path("Labels").path("io.converge.node").asText());
        }
        return running;
    }

    private static String get(String pathAndQuery) throws IOException {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(SOCKET));
            ch.write(ByteBuffer.wrap(("GET " + pathAndQuery + " HTTP/1.0\r\nHost: docker\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII)));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteBuffer buf = ByteBuffer.allocate(16384);
            while (ch.read(buf) >= 0) {
                out.write(buf.array(), 0, buf.position());
                buf.clear();
            }
            String response = out.toString(StandardCharsets.UTF_8);
            int body = response.indexOf("\r\n\r\n");
            if (!response.startsWith("HTTP/1.0 200") && !response.startsWith("HTTP/1.1 200") || body < 0) {
                throw new IOException("docker GET " + pathAndQuery + ": "
                        + response.lines().findFirst().orElse("no response"));
            }
            return response.substring(body + 4);
        }
    }

    synchronized int max() {
        return max;
    }

    synchronized int min() {
        return min;
    }

    synchronized Sample last() {
        return last;
    }

    synchronized int errors() {
        return errors;
    }

    /**
     * Milliseconds since start of the first change after {@code afterMillis} whose sample matches. Waits (up to
     * 5 s) for the sampler to see it: a test that has just seen a state itself may be ahead of the sampler.
     */
    long firstChange(long afterMillis, Predicate<Sample> condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (true) {
            synchronized (this) {
                for (Sample s : changes) {
                    if (s.millis() >= afterMillis && condition.test(s)) {
                        return s.millis();
                    }
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the sampler never saw the change after +" + afterMillis + " ms\n"
                        + report());
            }
            Thread.sleep(20);
        }
    }

    /** Milliseconds since this sampler started (the time base of its samples). */
    long now() {
        return (System.nanoTime() - t0) / 1_000_000;
    }

    /** Every container id that ran at some point. */
    /** Every node any sample saw running the service. */
    synchronized List<String> allNodes() {
        return changes.stream().flatMap(s -> s.containers().values().stream()).distinct().sorted().toList();
    }

    synchronized List<String> allIds() {
        return changes.stream().flatMap(s -> s.containers().keySet().stream()).distinct().toList();
    }

    /** A readable account: counts, errors and every change. */
    synchronized String report() {
        StringBuilder sb = new StringBuilder(String.format("%s: %d samples, count min %d max %d, %d errors%s%n",
                thread.getName(), samples, min, max, errors, errors > 0 ? " (last: " + lastError + ")" : ""));
        changes.forEach(s -> sb.append("  ").append(s).append('\n'));
        return sb.toString();
    }

    @Override
    public void close() throws InterruptedException {
        stopped = true;
        thread.interrupt();
        thread.join(2000);
    }
}
