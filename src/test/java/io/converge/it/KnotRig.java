package io.converge.it;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real Knot DNS 3.2 (Debian's {@code knot}) for one test class: {@code knotd -c} in the foreground as root (no
 * {@code user:} in its configuration), its own knot.conf, run directory, journal and zone files under
 * {@code target/knot-<port>/} ({@link KnotFiles}), listening on 127.0.0.1 only on a free port, its log on stderr
 * into {@code knotd.log}. The {@link AuthoritativeRig} zones, key (made by {@code keymgr -t}) and records; asked
 * with Knot's own {@code kdig} and {@code knsupdate}. Killed on {@link #close} and, failing that, when the JVM exits.
 */
public final class KnotRig implements AuthoritativeRig {
    private static final Duration LIMIT = Duration.ofSeconds(20);
    private static final Pattern SECRET = Pattern.compile("secret: (\\S+)");
    private static final List<String> ZONES = List.of(ZONE, OTHER_ZONE);

    public final Path dir;
    private final int port;
    private final String secret;
    private Process knotd;
    private final Thread reaper = new Thread(this::kill, "knot-rig-reaper");

    private KnotRig(Path dir, int port, String secret) {
        this.dir = dir;
        this.port = port;
        this.secret = secret;
    }

    /** A started knotd that has loaded both zones; returns once it answers on TCP (stopped again if it does not). */
    public static KnotRig start() throws IOException, InterruptedException {
        int port = ConsulAgent.freePort();
        Path dir = Path.of("target", "knot-" + port).toAbsolutePath();
        Files.createDirectories(dir.resolve("run"));
        Files.createDirectories(dir.resolve("db"));
        String key = Cmd.run(List.of("keymgr", "-t", KEY, "hmac-sha256"), "", LIMIT).check().out();
        Matcher m = SECRET.matcher(key);
        if (!m.find()) {
            throw new IllegalStateException("keymgr -t printed no secret: " + key);
        }
        Files.writeString(dir.resolve("key.conf"), key);
        KnotRig rig = new KnotRig(dir, port, m.group(1));
        rig.writeConfig();
        Cmd.run(List.of("knotc", "-c", rig.conf().toString(), "conf-check"), "", LIMIT).check();
        Runtime.getRuntime().addShutdownHook(rig.reaper);
        try {
            rig.run();
        } catch (IOException | InterruptedException | RuntimeException e) {
            rig.close();
            throw e;
        }
        return rig;
    }

    @Override
    public String engine() {
        return "knot";
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public String secret() {
        return secret;
    }

    @Override
    public List<String> dig(String name, String type) {
        return lines(kdig(name, type, "+short"), false);
    }

    @Override
    public List<String> digAnswer(String name, String type) {
        return lines(kdig(name, type, "+noall", "+answer"), true);
    }

    /** {@code knsupdate -y hmac-sha256:<key>:<secret>} on {@code commands}; fails unless the server says NOERROR. */
    @Override
    public void nsupdate(String zone, String... commands) {
        String script = "server 127.0.0.1 " + port + "\nzone " + zone + "\n" + String.join("\n", commands) + "\nsend\n";
        Cmd.run(List.of("knsupdate", "-y", "hmac-sha256:" + KEY + ":" + secret), script, LIMIT).check();
    }

    /** Stops knotd (SIGTERM, then SIGKILL) and waits for it. */
    @Override
    public void stop() throws InterruptedException {
        if (knotd != null && knotd.isAlive()) {
            knotd.destroy();
            if (!knotd.waitFor(10, TimeUnit.SECONDS)) {
                knotd.destroyForcibly().waitFor();
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
        try {
            Runtime.getRuntime().removeShutdownHook(reaper);
        } catch (IllegalStateException exiting) {
            // the JVM is already exiting: the reaper runs anyway
        }
    }

    private String kdig(String name, String type, String... format) {
        List<String> command = new ArrayList<>(List.of("kdig", "@127.0.0.1", "-p", String.valueOf(port), "+tcp",
                "+norec", "+timeout=2", "+retry=0"));
        command.addAll(List.of(format));
        command.addAll(List.of(name, type));
        return Cmd.run(command, "", LIMIT).check().out();
    }

    private static List<String> lines(String out, boolean squeeze) {
        return Arrays.stream(out.split("\n")).map(l -> squeeze ? l.strip().replaceAll("\\s+", " ") : l.strip())
                .filter(s -> !s.isEmpty()).sorted().toList();
    }

    private void kill() {
        if (knotd != null) {
            knotd.destroyForcibly();
        }
    }

    private Path conf() {
        return dir.resolve("knot.conf");
    }

    private void run() throws IOException, InterruptedException {
        Path log = dir.resolve("knotd.log");
        ProcessBuilder pb = new ProcessBuilder("knotd", "-c", conf().toString());
        pb.directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        knotd = pb.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            if (!knotd.isAlive()) {
                throw new IllegalStateException("knotd exited " + knotd.exitValue() + "; see " + log);
            }
            if (accepts() && loaded(Files.readString(log))) {
                return;
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("knotd did not serve both zones on " + server() + "; see " + log);
    }

    /** Whether the log says the server started and every zone was loaded (Knot loads zones after binding). */
    private static boolean loaded(String log) {
        return log.contains("server started") && ZONES.stream().allMatch(z -> log.contains("[" + z + "] loaded"));
    }

    private boolean accepts() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private void writeConfig() throws IOException {
        Files.writeString(conf(), KnotFiles.knotConf(dir, port, dir.resolve("key.conf"), KEY, ZONES));
        Files.writeString(dir.resolve(ZONE + "zone"), BindFiles.zone(ZONE, """
                dc-a IN A 192.0.2.10
                dc-b IN A 192.0.2.11
                foreign IN A 192.0.2.50
                foreign IN TXT "hand-made"
                """));
        Files.writeString(dir.resolve(OTHER_ZONE + "zone"), BindFiles.zone(OTHER_ZONE, ""));
    }
}
