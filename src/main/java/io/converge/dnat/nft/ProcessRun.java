package io.converge.dnat.nft;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongConsumer;

/**
 * Runs a binary once, with an argument list (never a shell), text on its stdin, and a time limit after which it is
 * killed. Its stdout and stderr are read while it runs, so that neither can fill up and block it.
 */
final class ProcessRun {
    /** Threads that feed and drain the processes' pipes: blocking I/O, so not the common pool. */
    private static final ExecutorService PIPES = Executors.newCachedThreadPool(task -> {
        Thread t = new Thread(task, "nft-pipe");
        t.setDaemon(true);
        return t;
    });

    /** How a run ended: exit status and what it printed. */
    record Outcome(int exit, String stdout, String stderr) {
        /** stderr, else stdout, trimmed and cut to {@code max} characters: the binary's own words. */
        String message(int max) {
            String text = (stderr.isBlank() ? stdout : stderr).strip();
            return text.length() <= max ? text : text.substring(0, max) + "...";
        }
    }

    private ProcessRun() {
    }

    /**
     * Runs {@code argv} to its end.
     *
     * @param stdin   written to its stdin, then closed (empty: closed at once)
     * @param started told the process id as soon as it runs, before it reads its stdin
     * @throws IOException      when it cannot be started (the message says why: "No such file or directory")
     * @throws TimeoutException when it ran longer than {@code limit}; it has been killed
     */
    static Outcome run(List<String> argv, String stdin, Duration limit, LongConsumer started)
            throws IOException, TimeoutException, InterruptedException {
        Process process = new ProcessBuilder(argv).start();
        started.accept(process.pid());
        CompletableFuture<Void> in = CompletableFuture.runAsync(() -> write(process.getOutputStream(), stdin), PIPES);
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(process.getInputStream()), PIPES);
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()), PIPES);
        try {
            if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new TimeoutException(String.join(" ", argv) + ": still running after " + limit.toSeconds()
                        + " s; killed");
            }
            in.get(limit.toMillis(), TimeUnit.MILLISECONDS);
            return new Outcome(process.exitValue(), out.get(limit.toMillis(), TimeUnit.MILLISECONDS),
                    err.get(limit.toMillis(), TimeUnit.MILLISECONDS));
        } catch (ExecutionException e) {
            throw new IOException(String.join(" ", argv) + ": " + e.getCause().getMessage(), e.getCause());
        } finally {
            process.destroyForcibly();
        }
    }

    private static void write(OutputStream to, String text) {
        try (to) {
            to.write(text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            // the process ended without reading all of its input; its exit status and stderr say why
        }
    }

    private static String read(InputStream from) {
        try (from) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            from.transferTo(bytes);
            return bytes.toString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
