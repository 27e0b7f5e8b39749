package io.converge.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/** A command run to its end with an argument list (never a shell), its output captured, bounded in time. */
public final class Cmd {
    private static final Executor READERS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "cmd-output");
        t.setDaemon(true);
        return t;
    });

    private Cmd() {
    }

    /**
     * What a command did.
     *
     * @param exitCode its exit status; -1 when it was killed for running longer than allowed
     */
    public record Result(List<String> command, int exitCode, String out, String err) {
        public boolean ok() {
            return exitCode == 0;
        }

        /** This result when the command succeeded; else an exception naming the command, status and stderr. */
        public Result check() {
            if (!ok()) {
                throw new IllegalStateException(String.join(" ", command) + " exited " + exitCode + ": "
                        + (err.isBlank() ? out : err).trim());
            }
            return this;
        }
    }

    /** Runs {@code command} with {@code stdin} (may be empty) on its standard input; kills it after {@code limit}. */
    public static Result run(List<String> command, String stdin, Duration limit) {
        try {
            Process p = new ProcessBuilder(command).start();
            CompletableFuture<String> err = drain(p.getErrorStream());
            CompletableFuture<String> out = drain(p.getInputStream());
            try (var in = p.getOutputStream()) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            } catch (IOException closedEarly) {
                // the command did not read its input; its status says what happened
            }
            if (!p.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly().waitFor();
                return new Result(command, -1, out.get(), "timed out after " + limit + "; " + err.get());
            }
            return new Result(command, p.exitValue(), out.get(), err.get());
        } catch (IOException e) {
            throw new UncheckedIOException(String.join(" ", command), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + String.join(" ", command), e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(String.join(" ", command), e.getCause());
        }
    }

    /** {@link #run(List, String, Duration)} with nothing on stdin and a 30 s limit. */
    public static Result run(String... command) {
        return run(List.of(command), "", Duration.ofSeconds(30));
    }

    private static CompletableFuture<String> drain(InputStream stream) {
        return CompletableFuture.supplyAsync(() -> {
            try (stream) {
                return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "";
            }
        }, READERS);
    }
}
