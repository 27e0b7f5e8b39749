package io.converge.dnat.nft;

import io.converge.kernel.Backoff;
import io.converge.kernel.EventSource;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongPredicate;
import org.jboss.logging.Logger;

/**
 * {@code nft monitor} as one long-running process (in the firewall's namespace when it has one), turned into
 * "someone else changed converge's tables". A generation that touched them, made by a process that is not one of
 * converge's own {@code nft} runs, calls {@code foreign}. A process that ends is started again with
 * {@link Backoff#RECONNECT}; each restart counts as an {@link #epoch} and calls {@code restarted}, since changes may
 * have been missed meanwhile. Runs {@code nft monitor} without {@code -e}: with echo, nft 1.0.6 keeps no cache and
 * prints rules of tables made after it started only as "W: Received event for an unknown table".
 */
final class NftMonitor implements EventSource {
    private static final Logger LOG = Logger.getLogger(NftMonitor.class);
    /** A process that ran this long before it ended counts as a success: the backoff starts over. */
    private static final Duration STEADY = Duration.ofSeconds(10);

    private final List<String> argv;
    private final LongPredicate own;
    private final Runnable foreign;
    private final Runnable restarted;
    private final AtomicLong epoch = new AtomicLong();
    private volatile Process process;
    private volatile boolean started;
    private volatile boolean closed;
    private Thread thread;

    /**
     * @param argv      the monitor command, e.g. {@code nft monitor}
     * @param own       whether a process id is one of converge's own nft runs
     * @param foreign   called on a change to converge's tables by anyone else
     * @param restarted called after the monitor process had to be started again
     */
    NftMonitor(List<String> argv, LongPredicate own, Runnable foreign, Runnable restarted) {
        this.argv = List.copyOf(argv);
        this.own = own;
        this.foreign = foreign;
        this.restarted = restarted;
    }

    @Override
    public String name() {
        return "nft-monitor";
    }

    @Override
    public synchronized void start() {
        if (started || closed) {
            return;
        }
        started = true;
        thread = new Thread(this::loop, "nft-monitor");
        thread.setDaemon(true);
        thread.start();
    }

    /** Nothing to load: true once started. */
    @Override
    public boolean synced() {
        return started;
    }

    /** True while the monitor process runs. */
    @Override
    public boolean healthy() {
        Process p = process;
        return p != null && p.isAlive();
    }

    /** Changes each time the monitor process starts or ends: a caller that saw the same epoch saw no gap. */
    long epoch() {
        return epoch.get();
    }

    /** The running monitor process's id, or -1 (for tests that end it). */
    long pid() {
        Process p = process;
        return p != null && p.isAlive() ? p.pid() : -1;
    }

    @Override
    public void close() {
        closed = true;
        Process p = process;
        if (p != null) {
            p.destroyForcibly();
        }
        Thread t = thread;
        if (t != null) {
            t.interrupt();
        }
    }

    private void loop() {
        int failures = 0;
        boolean first = true;
        while (!closed) {
            long began = System.nanoTime();
            try {
                watch(first);
            } catch (IOException e) {
                LOG.warnf("nft monitor: %s", e.getMessage());
            }
            first = false;
            if (closed) {
                return;
            }
            failures = System.nanoTime() - began >= STEADY.toNanos() ? 1 : failures + 1;
            Duration delay = Backoff.RECONNECT.delay(failures);
            LOG.warnf("nft monitor ended; starting it again in %d ms", delay.toMillis());
            try {
                Thread.sleep(delay.toMillis());
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Runs one monitor process to its end. */
    private void watch(boolean first) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(argv).redirectErrorStream(true);
        Process p = builder.start();
        process = p;
        epoch.incrementAndGet();
        if (closed) {
            p.destroyForcibly();
            return;
        }
        if (!first) {
            LOG.infof("nft monitor: started again; converge's tables will be read back");
            restarted.run();
        }
        MonitorLines lines = new MonitorLines();
        String last = "";
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                last = line;
                lines.accept(line).filter(g -> g.touched() && !own.test(g.pid())).ifPresent(g -> {
                    LOG.infof("nft monitor: generation %d by %s (pid %d) changed converge's tables",
                            g.number(), g.command(), g.pid());
                    foreign.run();
                });
            }
        } finally {
            p.destroyForcibly();
            epoch.incrementAndGet();
            if (!closed && !last.isBlank()) {
                LOG.warnf("nft monitor: last line before it ended: %s", last);
            }
        }
    }
}
