package io.converge.it;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The real converge, as built by {@code mvn package} ({@code target/quarkus-app/quarkus-run.jar}), run as a
 * separate process: {@code converge run} as the operator, or one CLI command.
 */
public final class ConvergeProcess implements AutoCloseable {
    private static final Path JAR = Path.of(System.getProperty("converge.it.app",
            "target/quarkus-app/quarkus-run.jar"));

    private final Map<String, String> properties;
    private final Map<String, String> env = new LinkedHashMap<>();
    private final Path log;
    private final int httpPort;
    private Process process;
    private Path launcher;

    /** A CLI result. */
    public record Run(int exitCode, String out, String err) {
    }

    public ConvergeProcess(String name, Map<String, String> properties) throws IOException {
        this.properties = new LinkedHashMap<>(properties);
        this.httpPort = ConsulAgent.freePort();
        this.properties.putIfAbsent("quarkus.http.port", Integer.toString(httpPort));
        Path logs = Path.of("target", "it-logs");
        Files.createDirectories(logs);
        this.log = logs.resolve("converge-" + name + ".log");
    }

    /** Environment variables for every process started from now on (Consul's own CONSUL_* variables, say). */
    public ConvergeProcess withEnv(Map<String, String> variables) {
        env.putAll(variables);
        return this;
    }

    /**
     * Runs converge through a launcher such as {@code bin/converge} (its JVM and options) instead of this JVM's
     * {@code java -jar}: the properties go into {@code JAVA_OPTS}, the app directory into {@code CONVERGE_APP}.
     */
    public ConvergeProcess viaLauncher(Path script) {
        this.launcher = script.toAbsolutePath();
        return this;
    }

    private ProcessBuilder builder(String... args) {
        if (launcher == null) {
            ProcessBuilder pb = new ProcessBuilder(command(args));
            pb.environment().putAll(env);
            return pb;
        }
        List<String> cmd = new ArrayList<>(List.of(launcher.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        List<String> opts = new ArrayList<>();
        properties.forEach((k, v) -> opts.add("-D" + k + "=" + v));
        pb.environment().put("JAVA_OPTS", String.join(" ", opts));
        pb.environment().put("CONVERGE_APP", JAR.toAbsolutePath().getParent().toString());
        pb.environment().remove("CONSUL_HTTP_ADDR");
        pb.environment().putAll(env);
        return pb;
    }

    /** The pid of the running {@code converge run} (the JVM itself: the launcher execs it). */
    public long pid() {
        return process.pid();
    }

    /** Where its output goes. */
    public Path logFile() {
        return log;
    }

    /**
     * Properties for an operator talking to {@code consul}, with its own KV prefix and container suffix, and without
     * a firewall (several operators on this machine must not share one nft table).
     */
    public static Map<String, String> props(ConsulAgent consul, String prefix) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("converge.consul.address", consul.address());
        p.put("converge.kv.prefix", prefix);
        p.put("converge.containers.node-suffix", "true");
        p.put("converge.docker.stop-grace", "2s");
        p.put("converge.dnat.enabled", "false");   // a test that forwards gives its node a namespace of its own
        // a stop stands down (ITs on one agent stop converge between tests); HandoverClusterIT tests the handover
        p.put("converge.shutdown.handover-grace", "0s");
        return p;
    }

    private List<String> command(String... args) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dfile.encoding=UTF-8", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
        properties.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
        cmd.add("-jar");
        cmd.add(JAR.toString());
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** Starts {@code converge run} and waits until it reports ready. */
    public ConvergeProcess start() throws Exception {
        startWithoutWaiting();
        awaitReady(Duration.ofSeconds(60));
        return this;
    }

    /** Starts {@code converge run} and returns at once. */
    public ConvergeProcess startWithoutWaiting() throws IOException {
        process = builder("run").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        return this;
    }

    /** The body of {@code /q/health/<which>}, or empty while nothing listens. */
    public java.util.Optional<String> health(String which) throws InterruptedException {
        try {
            return java.util.Optional.of(HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + httpPort + "/q/health/" + which)).build(),
                    HttpResponse.BodyHandlers.ofString()).body());
        } catch (IOException e) {
            return java.util.Optional.empty();
        }
    }

    public void awaitReady(Duration timeout) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("converge exited with " + process.exitValue() + "; see " + log);
            }
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + httpPort + "/q/health/ready")).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("converge not ready within " + timeout + "; see " + log);
    }

    public boolean alive() {
        return process != null && process.isAlive();
    }

    public int httpPort() {
        return httpPort;
    }

    public String log() throws IOException {
        return Files.readString(log);
    }

    /** SIGTERM, as systemd stops it; waits for the exit. */
    public void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }

    /** SIGKILL: a crash, no shutdown at all. */
    public void kill() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroyForcibly().waitFor();
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }

    /** Starts one CLI command with the same properties and returns at once (for a command that runs on, as -w). */
    public Process startCli(String... args) throws IOException {
        return builder(args).start();
    }

    /** Runs one CLI command with the same properties (a separate JVM, as a user would). */
    public Run cli(String... args) throws IOException, InterruptedException {
        Path out = Files.createTempFile("converge-cli", ".out");
        Path err = Files.createTempFile("converge-cli", ".err");
        Process p = builder(args).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("converge " + String.join(" ", args) + " did not finish");
        }
        Run run = new Run(p.exitValue(), Files.readString(out), Files.readString(err));
        Files.deleteIfExists(out);
        Files.deleteIfExists(err);
        return run;
    }
}
