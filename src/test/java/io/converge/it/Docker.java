package io.converge.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** The real dockerd through the docker CLI, as an operator at the shell would touch it. */
public final class Docker {
    public static final String TEST_IMAGE = System.getProperty("converge.it.image", "converge-test/busybox:latest");

    private Docker() {
    }

    public record Result(int exitCode, String out) {
    }

    public static Result run(String... args) throws IOException, InterruptedException {
        String[] cmd = new String[args.length + 1];
        cmd[0] = "docker";
        System.arraycopy(args, 0, cmd, 1, args.length);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("docker " + Arrays.toString(args) + " hung");
        }
        return new Result(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim());
    }

    /** {@code docker inspect -f FORMAT NAME}, empty when the container does not exist. */
    public static Optional<String> inspect(String name, String format) throws IOException, InterruptedException {
        Result r = run("inspect", "-f", format, name);
        return r.exitCode() == 0 ? Optional.of(r.out()) : Optional.empty();
    }

    public static Optional<String> id(String name) throws IOException, InterruptedException {
        return inspect(name, "{{.Id}}");
    }

    public static boolean running(String name) throws IOException, InterruptedException {
        return inspect(name, "{{.State.Running}}").map("true"::equals).orElse(false);
    }

    /** Names of all containers (running or not) carrying the given label. */
    public static List<String> namesWithLabel(String label) throws IOException, InterruptedException {
        Result r = run("ps", "-a", "--filter", "label=" + label, "--format", "{{.Names}}");
        return r.out().isEmpty() ? List.of() : List.of(r.out().split("\n"));
    }

    /** Removes every container of a test node, whatever state converge left it in. */
    public static void removeNode(String node) throws IOException, InterruptedException {
        for (String name : namesWithLabel("io.converge.node=" + node)) {
            run("rm", "-f", name);
        }
    }
}
